import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../api/api-types';
import { clientFor, type CliIo } from '../cli-io';
import { formatOfFile, parseReportFormat } from '../options/parse-options';

/** `report <ablationId>`: the API renders it; stdout, or a file with --out. */
export function registerReportCommand(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('fetch an ablation report from the API')
    .argument('<ablationId>')
    .addOption(
      new Option(
        '--format <format>',
        `one of ${REPORT_FORMATS.join(', ')} (default: md, or the --out extension)`,
      ).argParser(parseReportFormat),
    )
    .option('--out <file>', 'write to this file instead of stdout')
    .action(
      async (id: string, options: { format?: ReportFormat; out?: string }, command: Command) => {
        const format = options.format ?? formatOfFile(options.out) ?? 'md';
        const body = await clientFor(command).report(id, format);
        if (options.out) {
          await writeFile(options.out, body);
          io.out(`wrote ${path.resolve(options.out)}`);
        } else {
          process.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
        }
      },
    );
}
