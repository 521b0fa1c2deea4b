import os from 'node:os';
import { Option, type Command } from 'commander';
import { DEFAULT_DATA_DIR } from '@lenet-lab/local-stack/local-stack-options';
import type { CliIo } from '../cli-io';
import { planAblation, type AblationFlags } from '../options/ablation-plan';
import { parsePort, parsePositiveInt } from '../options/parse-options';
import { addAblationFlags, definitionOf } from './ablation-flags';

interface AblationCommandOptions extends AblationFlags {
  workers: number;
  serve?: boolean;
  port?: number;
  plain?: boolean;
  dataDir: string;
}

/** `lenet-lab ablation` (npm run ablation): the all-in-one run on this machine. */
export function registerAblationCommand(program: Command, io: CliIo): void {
  const command = program
    .command('ablation')
    .description(
      'run an ablation on this machine from nothing: PostgreSQL and Redis (from DATABASE_URL/REDIS_URL, ' +
        'or started locally), the API, one worker per core; shows progress, writes the report',
    );
  addAblationFlags(command)
    .addOption(
      new Option('--workers <n>', 'worker processes')
        .argParser(parsePositiveInt)
        .default(os.availableParallelism(), 'one per CPU core'),
    )
    .option(
      '--serve',
      'keep the API, the dashboard and the local services up afterwards, until Ctrl-C',
    )
    .addOption(
      new Option(
        '--port <n>',
        'port of the API (default: PORT, else 3000 when free, else any free port)',
      ).argParser(parsePort),
    )
    .option('--plain', 'plain progress lines instead of bars')
    .addOption(
      new Option('--data-dir <dir>', 'where the embedded database, logs and reports live')
        .env('LENET_LAB_DATA_DIR')
        .default(DEFAULT_DATA_DIR),
    )
    .action(async (options: AblationCommandOptions) => {
      // Loaded here: the API, Prisma and TF.js's neighbours would slow every other command.
      const { runLocalAblation } = await import('../ablation/run-local-ablation');
      process.exitCode = await runLocalAblation({
        plan: planAblation(options, await definitionOf(options)),
        workers: options.workers,
        serve: options.serve === true,
        port: options.port,
        dataDir: options.dataDir,
        plain: options.plain === true,
        env: process.env,
        out: io.out,
        err: io.err,
      });
    });
}
