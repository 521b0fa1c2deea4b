import type { Preset } from '../api/api-types';

/**
 * `lenet-lab presets`: a block per preset, its description and what it sets on top of the
 * defaults as dotted fields (`model.batchNorm=true`), so a reader sees at once what one step
 * of the table adds, in a terminal's width.
 */
export function formatPresetList(presets: readonly Preset[]): string {
  if (presets.length === 0) return 'This API has no presets.';
  return presets
    .map((preset) => {
      const fields = dottedFields(preset.config);
      const sets = fields.length > 0 ? fields.join(', ') : 'nothing: the defaults';
      return `${preset.name}\n  ${preset.description}\n  sets: ${sets}`;
    })
    .join('\n\n');
}

/** `{a: {b: 1}, c: [2]}` → `['a.b=1', 'c=[2]']`: leaves as JSON, objects walked. */
function dottedFields(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, field]) =>
    typeof field === 'object' && field !== null && !Array.isArray(field)
      ? dottedFields(field as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}=${JSON.stringify(field)}`],
  );
}
