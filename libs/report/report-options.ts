export interface ReportOptions {
  /** Most-confused (true → predicted) pairs listed per preset. Default 10. */
  confusedPairs?: number;
  /** Misclassified test digits shown per preset. Default 24. */
  galleryLimit?: number;
  /** Longest failure reason quoted in a status line; the full error stays in the database. Default 200. */
  reasonLength?: number;
}

export const DEFAULT_REPORT_OPTIONS: Required<ReportOptions> = {
  confusedPairs: 10,
  galleryLimit: 24,
  reasonLength: 200,
};

export function resolveReportOptions(options: ReportOptions = {}): Required<ReportOptions> {
  return {
    confusedPairs: options.confusedPairs ?? DEFAULT_REPORT_OPTIONS.confusedPairs,
    galleryLimit: options.galleryLimit ?? DEFAULT_REPORT_OPTIONS.galleryLimit,
    reasonLength: options.reasonLength ?? DEFAULT_REPORT_OPTIONS.reasonLength,
  };
}
