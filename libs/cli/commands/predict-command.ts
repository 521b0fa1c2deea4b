import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { ModelVariant } from '../api/api-types';
import { clientFor, type CliIo } from '../cli-io';
import { renderTextTable } from '../format/text-table';
import { formatPercent } from '../format/values';
import { variantOption } from './model-command';

/** `predict <experimentId> <png...>`: the class the experiment's model sees in each image. */
export function registerPredictCommand(program: Command, io: CliIo): void {
  program
    .command('predict')
    .description(
      "classify 28×28 grayscale PNGs (digits, or clothes on Fashion-MNIST) with an experiment's model",
    )
    .argument('<experimentId>')
    .argument('<png...>', 'PNG files, light on a dark background as in MNIST')
    .addOption(variantOption())
    .action(
      async (
        id: string,
        files: string[],
        options: { variant?: ModelVariant },
        command: Command,
      ) => {
        const images = await Promise.all(
          files.map(async (file) => ({ name: path.basename(file), data: await readFile(file) })),
        );
        const { variant, dataset, predictions } = await clientFor(command).predictPngs(
          id,
          images,
          options.variant,
        );
        io.out(
          renderTextTable(
            ['file', 'class', 'probability'],
            predictions.map((p, i) => [files[i], p.label, formatPercent(p.probabilities[p.digit])]),
          ),
        );
        io.out(`(${variant} model of experiment ${id}, trained on ${dataset})`);
      },
    );
}
