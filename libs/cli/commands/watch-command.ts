import type { Command } from 'commander';
import { clientFor, type CliIo } from '../cli-io';
import { InterruptedError } from '../cli-errors';
import { formatAblationSummary } from '../format/ablation-summary';
import { formatExperimentSummary } from '../format/experiment-summary';
import { createProgressDisplay } from '../progress';
import { completedCellAccuracies } from '../watch/cell-accuracies';
import { watchAblation, watchExperiment } from '../watch/watch-loop';
import { onInterrupt } from '../ablation/interrupts';
import { parsePositiveInt } from '../options/parse-options';

/** `watch <id>`: live progress until it finishes; exit 0 when completed, 1 otherwise. */
export function registerWatchCommand(program: Command, io: CliIo): void {
  program
    .command('watch')
    .description(
      'live progress of an experiment or ablation until it finishes (exit 0 completed, 1 failed)',
    )
    .argument('<id>', 'an experiment id or an ablation id')
    .option('--plain', 'plain progress lines instead of bars')
    .option('--interval <seconds>', 'seconds between polls', parsePositiveInt, 1)
    .action(
      async (id: string, options: { plain?: boolean; interval: number }, command: Command) => {
        const client = clientFor(command);
        const found = await client.find(id);
        const display = createProgressDisplay({ plain: options.plain });
        const controller = new AbortController();
        // Watching changes nothing on the server, so one Ctrl-C is enough to leave.
        const dispose = onInterrupt({
          first: (signal) => controller.abort(new InterruptedError(signal)),
          second: (signal) => process.exit(new InterruptedError(signal).exitCode),
        });
        const watchOptions = {
          display,
          signal: controller.signal,
          intervalMs: options.interval * 1000,
        };
        try {
          if (found.kind === 'experiment') {
            const experiment = await watchExperiment(client, id, watchOptions);
            display.stop();
            io.out(formatExperimentSummary(experiment));
            process.exitCode = experiment.status === 'completed' ? 0 : 1;
          } else {
            const ablation = await watchAblation(client, id, watchOptions);
            display.stop();
            io.out(
              formatAblationSummary(ablation, await completedCellAccuracies(client, ablation)),
            );
            process.exitCode = ablation.status === 'completed' ? 0 : 1;
          }
        } finally {
          display.stop();
          dispose();
        }
      },
    );
}
