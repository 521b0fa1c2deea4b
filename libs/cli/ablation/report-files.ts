import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPORT_FORMATS, type ReportFormat } from '../api/api-types';

/** Writes `report.<format>` files into `dir`; returns their paths, in the order of `formats`. */
export async function writeReportFiles(
  dir: string,
  render: (format: ReportFormat) => Promise<string>,
  formats: readonly ReportFormat[] = REPORT_FORMATS,
): Promise<Record<ReportFormat, string>> {
  await mkdir(dir, { recursive: true });
  const written = {} as Record<ReportFormat, string>;
  for (const format of formats) {
    const file = path.join(dir, `report.${format}`);
    await writeFile(file, await render(format));
    written[format] = file;
  }
  return written;
}
