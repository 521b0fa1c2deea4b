import { Option, type Command } from 'commander';
import type { SubmitAblationRequest } from '../api/api-types';
import { readAblationDefinition } from '../options/ablation-definition-file';
import type { AblationFlags } from '../options/ablation-plan';
import {
  parseJsonObject,
  parseLimit,
  parseList,
  parsePositiveInt,
  parseSeeds,
} from '../options/parse-options';

/** The flags shared by `ablation` and `submit-ablation`; they fill AblationFlags. */
export function addAblationFlags(command: Command): Command {
  return command
    .option(
      '--full',
      "the seed's whole protocol: every image, the presets' 20 epochs, seeds 1,2,3 (hours on a CPU)",
    )
    .addOption(
      new Option(
        '--preset <list>',
        'presets in table order, the first is the baseline (default: all four)',
      ).argParser(parseList),
    )
    .addOption(
      new Option('--seeds <list>', 'seeds, e.g. 1,2,3 (default: 1,2,3)').argParser(parseSeeds),
    )
    .addOption(
      new Option('--epochs <n>', 'epochs per experiment (default: 6; --full: 20)').argParser(
        parsePositiveInt,
      ),
    )
    .addOption(
      new Option(
        '--train-limit <n>',
        'training images used, or all (default: 5000; --full: all)',
      ).argParser(parseLimit),
    )
    .addOption(
      new Option(
        '--test-limit <n>',
        'test images used, or all (default: 2000; --full: all)',
      ).argParser(parseLimit),
    )
    .addOption(
      new Option(
        '--overrides <json>',
        'more config fields for every cell, e.g. \'{"batchSize": 128}\'',
      ).argParser(parseJsonObject),
    )
    .option('--name <name>', 'a name for the ablation')
    .option(
      '--definition <file>',
      'a JSON or YAML file defining the ablation: {design, baseline, steps, seeds, overrides} as POST /api/ablations takes them',
    );
}

/** The --definition file's ablation, or nothing when the flag is not given. */
export function definitionOf(flags: AblationFlags): Promise<SubmitAblationRequest | undefined> {
  return flags.definition ? readAblationDefinition(flags.definition) : Promise.resolve(undefined);
}
