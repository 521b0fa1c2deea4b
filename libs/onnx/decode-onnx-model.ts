import { TENSOR_DATA_TYPE_FLOAT } from './onnx-constants';
import type { OnnxModel, OnnxTensor } from './onnx-model-types';
import { onnxModelType } from './onnx-schema';

/**
 * An ONNX file back as a plain object with the schema's field names (the inverse of
 * exportLeNet5ToOnnx, for inspection and tests). Fields this module does not type are there
 * too; int64 values become numbers, which holds for any size a model of this kind has.
 */
export function decodeOnnxModel(bytes: Uint8Array): OnnxModel {
  const type = onnxModelType();
  return type.toObject(type.decode(bytes), { longs: Number, arrays: true }) as OnnxModel;
}

/** A float32 tensor's values, from raw_data (little-endian) or float_data. */
export function floatTensorValues(tensor: OnnxTensor): Float32Array {
  if (tensor.data_type !== TENSOR_DATA_TYPE_FLOAT) {
    throw new TypeError(`tensor ${tensor.name} has data_type ${tensor.data_type}, not FLOAT`);
  }
  if (!tensor.raw_data?.length) return Float32Array.from(tensor.float_data ?? []);
  const raw = tensor.raw_data;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return Float32Array.from({ length: raw.byteLength / Float32Array.BYTES_PER_ELEMENT }, (_, i) =>
    view.getFloat32(i * Float32Array.BYTES_PER_ELEMENT, true),
  );
}
