import type { PresetCompleteness, SeedCell } from '../ablation-report';

/**
 * The rule: a preset's statistics are over its counted seeds only, and a preset missing any
 * seed says so in its status line, naming each missing seed and why, so an average over what
 * happens to be there is never mistaken for the full result.
 */
export function describeCompleteness(cells: readonly SeedCell[]): {
  completeness: PresetCompleteness;
  statusText: string;
} {
  const expected = cells.length;
  const seeds = `seed${expected === 1 ? '' : 's'}`;
  const missing = cells.filter((cell) => !cell.counted);
  if (missing.length === 0) {
    return {
      completeness: 'complete',
      statusText: `complete: ${expected} of ${expected} ${seeds}`,
    };
  }
  const reasons = missing.map((cell) => `seed ${cell.seed} ${cell.reason}`).join('; ');
  const counts = `${missing.length} of ${expected} ${seeds} missing (${reasons})`;
  if (missing.length === expected) {
    return { completeness: 'empty', statusText: `no completed seeds: ${counts}` };
  }
  return { completeness: 'incomplete', statusText: `incomplete: ${counts}` };
}
