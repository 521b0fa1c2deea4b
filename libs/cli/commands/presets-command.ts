import type { Command } from 'commander';
import { clientFor, type CliIo } from '../cli-io';
import { formatPresetList } from '../format/preset-list';

export function registerPresetsCommand(program: Command, io: CliIo): void {
  program
    .command('presets')
    .description('the presets experiments and ablations can name, and what each one sets')
    .option('--json', 'print them as JSON, each with the whole config it trains with')
    .action(async (options: { json?: boolean }, command: Command) => {
      const presets = await clientFor(command).listPresets();
      io.out(options.json ? JSON.stringify(presets, null, 2) : formatPresetList(presets));
    });
}
