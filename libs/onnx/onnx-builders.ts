import { ATTRIBUTE_TYPE, TENSOR_DATA_TYPE_FLOAT } from './onnx-constants';
import type {
  OnnxAttribute,
  OnnxDimension,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
} from './onnx-model-types';

/** A float32 initializer; raw_data is the compact form and must be little-endian. */
export function floatTensor(
  name: string,
  dims: readonly number[],
  values: Float32Array,
): OnnxTensor {
  const expected = dims.reduce((product, size) => product * size, 1);
  if (values.length !== expected) {
    throw new RangeError(`tensor ${name}: ${values.length} values for dims [${dims.join(', ')}]`);
  }
  const bytes = new Uint8Array(values.length * Float32Array.BYTES_PER_ELEMENT);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setFloat32(i * Float32Array.BYTES_PER_ELEMENT, value, true));
  return { name, dims: [...dims], data_type: TENSOR_DATA_TYPE_FLOAT, raw_data: bytes };
}

/** A float32 graph input or output; a string dimension is symbolic (e.g. the batch). */
export function floatValueInfo(
  name: string,
  shape: readonly (number | string)[],
  docString?: string,
): OnnxValueInfo {
  const dim: OnnxDimension[] = shape.map((size) =>
    typeof size === 'string' ? { dim_param: size } : { dim_value: size },
  );
  return {
    name,
    type: { tensor_type: { elem_type: TENSOR_DATA_TYPE_FLOAT, shape: { dim } } },
    ...(docString ? { doc_string: docString } : {}),
  };
}

export function node(
  opType: string,
  name: string,
  input: string[],
  output: string[],
  attribute: OnnxAttribute[] = [],
): OnnxNode {
  return { name, op_type: opType, input, output, attribute };
}

export function floatAttribute(name: string, value: number): OnnxAttribute {
  return { name, type: ATTRIBUTE_TYPE.FLOAT, f: value };
}

export function intAttribute(name: string, value: number): OnnxAttribute {
  return { name, type: ATTRIBUTE_TYPE.INT, i: value };
}

export function intsAttribute(name: string, values: readonly number[]): OnnxAttribute {
  return { name, type: ATTRIBUTE_TYPE.INTS, ints: [...values] };
}
