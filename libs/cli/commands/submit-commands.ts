import { Option, type Command } from 'commander';
import type { CliIo } from '../cli-io';
import { clientFor } from '../cli-io';
import { planAblation, type AblationFlags } from '../options/ablation-plan';
import { parseJsonObject } from '../options/parse-options';
import { addAblationFlags, definitionOf } from './ablation-flags';

/** `submit` and `submit-ablation`: print only the new id, so scripts can capture it. */
export function registerSubmitCommands(program: Command, io: CliIo): void {
  program
    .command('submit')
    .description('submit one experiment to the API; prints its id')
    .option('--preset <name>', 'a preset in configs/, e.g. baseline')
    .addOption(
      new Option(
        '--config <json>',
        'config fields on top of the preset, e.g. \'{"epochs": 1}\'',
      ).argParser(parseJsonObject),
    )
    .option('--name <name>', 'a name to recognise it by')
    .action(
      async (
        options: { preset?: string; config?: Record<string, unknown>; name?: string },
        command: Command,
      ) => {
        const experiment = await clientFor(command).submitExperiment(options);
        io.out(experiment.id);
      },
    );

  const submitAblation = program
    .command('submit-ablation')
    .description(
      'submit an ablation (presets × seeds) to the API; prints its id. Same defaults as `ablation`',
    );
  addAblationFlags(submitAblation).action(async (flags: AblationFlags, command: Command) => {
    const plan = planAblation(flags, await definitionOf(flags));
    const ablation = await clientFor(command).submitAblation(plan);
    io.out(ablation.id);
  });
}
