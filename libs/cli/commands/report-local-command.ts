import { existsSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { DEFAULT_DATA_DIR, localPaths } from '@lenet-lab/local-stack/local-stack-options';
import { REPORT_FORMATS, type ReportFormat } from '../api/api-types';
import { CliError } from '../cli-errors';
import type { CliIo } from '../cli-io';
import { parseReportFormat } from '../options/parse-options';

interface ReportLocalOptions {
  format?: ReportFormat;
  out?: string;
  dataDir: string;
}

/**
 * `report-local <ablationId>` (npm run report): the report straight from the database, no API
 * or Redis. Without DATABASE_URL that is the embedded cluster `lenet-lab ablation` left in the
 * data folder, started for the occasion.
 */
export function registerReportLocalCommand(program: Command, io: CliIo): void {
  program
    .command('report-local')
    .description(
      'build an ablation report from the database (DATABASE_URL, else the local one), no API needed',
    )
    .argument('<ablationId>')
    .addOption(
      new Option(
        '--format <format>',
        `one of ${REPORT_FORMATS.join(', ')} (default: all four)`,
      ).argParser(parseReportFormat),
    )
    .option('--out <dir>', 'folder for report.<format> (default: <data dir>/reports/<ablationId>)')
    .addOption(
      new Option('--data-dir <dir>', 'where `lenet-lab ablation` keeps its local database')
        .env('LENET_LAB_DATA_DIR')
        .default(DEFAULT_DATA_DIR),
    )
    .action(async (id: string, options: ReportLocalOptions) => {
      const paths = localPaths(options.dataDir);
      // Loaded here: the env schema's zod would slow every other command.
      const { loadServiceOverrides } = await import('@lenet-lab/env');
      const { DATABASE_URL } = loadServiceOverrides();
      if (!DATABASE_URL && !existsSync(path.join(paths.postgresData, 'PG_VERSION'))) {
        throw new CliError(
          `DATABASE_URL is not set and there is no local database in ${paths.postgresData} yet: ` +
            'run `npm run ablation` first, or set DATABASE_URL.',
        );
      }
      // Loaded here: Prisma and the report renderer would slow every other command.
      const { buildLocalReport } = await import('../ablation/build-local-report');
      process.exitCode = await buildLocalReport({
        ablationId: id,
        formats: options.format ? [options.format] : REPORT_FORMATS,
        dataDir: options.dataDir,
        outDir: path.resolve(options.out ?? path.join(paths.reports, id)),
        io,
      });
    });
}
