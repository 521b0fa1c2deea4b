/** Stable codes, so a caller (e.g. the API) can map an export failure without parsing messages. */
export type OnnxExportErrorCode = 'NOT_LENET5';

export class OnnxExportError extends Error {
  constructor(
    readonly code: OnnxExportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OnnxExportError';
  }
}

/** The model is not a LeNet-5 as createLeNet5 builds it; the message says what differs. */
export class NotLeNet5Error extends OnnxExportError {
  constructor(readonly reason: string) {
    super('NOT_LENET5', `cannot export to ONNX: not a LeNet-5 from createLeNet5 (${reason})`);
    this.name = 'NotLeNet5Error';
  }
}
