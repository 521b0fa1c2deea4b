/**
 * Opset 13 (ONNX 1.8, 2020) has every operator LeNet-5 needs in the form used here (Softmax
 * over one axis, Gemm with an optional C) and runs on any ONNX runtime of the last years.
 */
export const ONNX_OPSET_VERSION = 13;

/**
 * IR version 7 (`IR_VERSION_2020_5_8` in onnx.proto3) came with opset 13; the oldest IR that
 * may import it, so older runtimes accept the file too.
 */
export const ONNX_IR_VERSION = 7;

export const ONNX_PRODUCER_NAME = 'lenet-lab';

/** Graph input: float32 [batch, 28, 28, 1], NHWC like the tfjs model's input. */
export const ONNX_INPUT_NAME = 'image';
/** Graph output: float32 [batch, 10], the model's raw scores. */
export const ONNX_LOGITS_OUTPUT = 'logits';
/** Graph output: float32 [batch, 10], softmax of the logits. */
export const ONNX_PROBABILITIES_OUTPUT = 'probabilities';
/** The symbolic first dimension of the input and outputs. */
export const ONNX_BATCH_DIMENSION = 'batch';

/**
 * Enum values of onnx.proto3 that the exporter writes. They are fixed by the wire format (a
 * published value never changes), so they are constants here and builders stay free of the
 * loaded schema; a test checks them against the vendored file.
 */
export const TENSOR_DATA_TYPE_FLOAT = 1;
export const ATTRIBUTE_TYPE = { FLOAT: 1, INT: 2, INTS: 7 } as const;
