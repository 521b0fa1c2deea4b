/** An image that is not a 28×28 grayscale digit; `index` is its position in the request. */
export class InvalidDigitImageError extends Error {
  readonly code = 'INVALID_DIGIT_IMAGE';
  constructor(
    readonly index: number,
    reason: string,
  ) {
    super(`image ${index} ${reason}`);
    this.name = 'InvalidDigitImageError';
  }
}
