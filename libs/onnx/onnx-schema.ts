import path from 'node:path';
import protobuf from 'protobufjs';

/** The vendored schema, next to this module so it resolves the same under tsx and ts-jest. */
const ONNX_SCHEMA_FILE = path.join(__dirname, 'onnx.proto3');

let root: protobuf.Root | null = null;

/**
 * The ONNX schema, parsed on first use (about a millisecond; never at import). Field names are
 * kept as in the .proto (snake_case) so objects match the specification's names.
 */
export function onnxSchema(): protobuf.Root {
  root ??= new protobuf.Root().loadSync(ONNX_SCHEMA_FILE, { keepCase: true });
  return root;
}

export function onnxModelType(): protobuf.Type {
  return onnxSchema().lookupType('onnx.ModelProto');
}
