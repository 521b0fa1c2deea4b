/** The caller passed something the report cannot be built from; the message names it. */
export class ReportInputError extends Error {
  readonly code = 'REPORT_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'ReportInputError';
  }
}

export class UnsupportedReportFormatError extends Error {
  readonly code = 'REPORT_FORMAT';
  constructor(
    readonly format: string,
    readonly supported: readonly string[],
  ) {
    super(`unsupported report format "${format}"; supported: ${supported.join(', ')}`);
    this.name = 'UnsupportedReportFormatError';
  }
}
