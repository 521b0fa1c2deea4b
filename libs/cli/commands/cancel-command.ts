import type { Command } from 'commander';
import { clientFor, type CliIo } from '../cli-io';

export function registerCancelCommand(program: Command, io: CliIo): void {
  program
    .command('cancel')
    .description('cancel an experiment or every unfinished cell of an ablation')
    .argument('<id>', 'an experiment id or an ablation id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const client = clientFor(command);
      const found = await client.find(id);
      if (found.kind === 'experiment') {
        await client.cancelExperiment(id);
        io.out(`cancelled experiment ${id}`);
      } else {
        await client.cancelAblation(id);
        io.out(`cancelled the unfinished cells of ablation ${id}`);
      }
    });
}
