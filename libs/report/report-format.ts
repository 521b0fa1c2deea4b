export const REPORT_FORMATS = ['md', 'csv', 'json', 'html'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What an HTTP caller should send as Content-Type for each format. */
export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
