import type { Preset } from '../api/api-types';
import { renderTextTable } from './text-table';

/**
 * `lenet-lab presets`: each preset with what it sets on top of the defaults, written as a
 * `submit --config` would take it, so a reader sees at once what one step of the table adds.
 */
export function formatPresetList(presets: readonly Preset[]): string {
  if (presets.length === 0) return 'This API has no presets.';
  return renderTextTable(
    ['preset', 'sets (over the defaults)', 'description'],
    presets.map((preset) => [preset.name, JSON.stringify(preset.config), preset.description]),
  );
}
