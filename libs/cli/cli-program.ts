import { Command, Option } from 'commander';
import { DEFAULT_API_URL } from './api/api-client';
import { CliError, describeError } from './cli-errors';
import { processIo, type CliIo } from './cli-io';
import { registerAblationCommand } from './commands/ablation-command';
import { registerCancelCommand } from './commands/cancel-command';
import { registerListCommand } from './commands/list-command';
import { registerModelCommand } from './commands/model-command';
import { registerPredictCommand } from './commands/predict-command';
import { registerPresetsCommand } from './commands/presets-command';
import { registerReportCommand } from './commands/report-command';
import { registerReportLocalCommand } from './commands/report-local-command';
import { registerStatusCommand } from './commands/status-command';
import { registerSubmitCommands } from './commands/submit-commands';
import { registerWatchCommand } from './commands/watch-command';

/** A run whose last handle does not close (a socket in keep-alive) must still end. */
const EXIT_GRACE_MS = 2_000;

export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command('lenet-lab')
    .description(
      'LeNet-5/MNIST ablation studies: run one on this machine, or drive a lenet-lab API',
    )
    .addOption(
      new Option('--api-url <url>', 'the API the remote commands talk to')
        .env('LENET_LAB_API_URL')
        .default(DEFAULT_API_URL),
    )
    .addOption(
      new Option('--api-key <key>', 'sent as "Authorization: Bearer <key>"').env(
        'LENET_LAB_API_KEY',
      ),
    )
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    });
  registerAblationCommand(program, io);
  registerSubmitCommands(program, io);
  registerPresetsCommand(program, io);
  registerStatusCommand(program, io);
  registerWatchCommand(program, io);
  registerCancelCommand(program, io);
  registerReportCommand(program, io);
  registerListCommand(program, io);
  registerModelCommand(program, io);
  registerPredictCommand(program, io);
  registerReportLocalCommand(program, io);
  return program;
}

/** The CLI's whole life: parse, run the command, print an error as one message, exit. */
export async function runCli(argv: string[] = process.argv, io: CliIo = processIo): Promise<void> {
  try {
    await buildProgram(io).parseAsync(argv);
  } catch (error) {
    io.err(`error: ${describeError(error)}`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
}
