import { Option, type Command } from 'commander';
import { clientFor, type CliIo } from '../cli-io';
import { formatExperimentList } from '../format/experiment-list';
import { parseNonNegativeInt, parsePositiveInt } from '../options/parse-options';
import { EXPERIMENT_STATUSES, type ExperimentStatus } from '../api/api-types';

export function registerListCommand(program: Command, io: CliIo): void {
  program
    .command('list')
    .description('list experiments, newest first')
    .addOption(
      new Option('--status <status>', 'only experiments in this state').choices(
        EXPERIMENT_STATUSES,
      ),
    )
    .option('--limit <n>', 'how many (at most 100)', parsePositiveInt, 20)
    .option('--offset <n>', 'skip this many', parseNonNegativeInt, 0)
    .action(
      async (
        options: { status?: ExperimentStatus; limit: number; offset: number },
        command: Command,
      ) => {
        const page = await clientFor(command).listExperiments(options);
        io.out(formatExperimentList(page));
      },
    );
}
