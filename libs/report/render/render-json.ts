import type { AblationReport } from '../ablation-report';

/** The report itself, indented; its field names are the contract described in ablation-report.ts. */
export function renderJson(report: AblationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
