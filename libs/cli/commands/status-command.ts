import type { Command } from 'commander';
import { clientFor, type CliIo } from '../cli-io';
import { formatAblationSummary } from '../format/ablation-summary';
import { formatExperimentSummary } from '../format/experiment-summary';
import { formatModels } from '../format/model-summary';
import { completedCellAccuracies } from '../watch/cell-accuracies';

export function registerStatusCommand(program: Command, io: CliIo): void {
  program
    .command('status')
    .description('a readable summary of an experiment or an ablation')
    .argument('<id>', 'an experiment id or an ablation id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const client = clientFor(command);
      const found = await client.find(id);
      if (found.kind === 'ablation') {
        io.out(
          formatAblationSummary(
            found.ablation,
            await completedCellAccuracies(client, found.ablation),
          ),
        );
        return;
      }
      io.out(formatExperimentSummary(found.experiment));
      if (found.experiment.status === 'completed') {
        io.out('');
        io.out(formatModels(await client.listModels(id), (p) => client.urlOf(p)));
      }
    });
}
