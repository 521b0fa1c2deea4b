import type { LenetLabClient } from '../api/api-client';
import type { Ablation } from '../api/api-types';

/**
 * The test accuracy of each completed cell, which the ablation view does not carry. `known`
 * is filled in place, so a watch asks for each experiment only once.
 */
export async function completedCellAccuracies(
  client: LenetLabClient,
  ablation: Ablation,
  known: Map<string, number | null> = new Map(),
): Promise<Map<string, number | null>> {
  const missing = ablation.experiments.filter(
    (cell) => cell.status === 'completed' && !known.has(cell.id),
  );
  const experiments = await Promise.all(missing.map((cell) => client.getExperiment(cell.id)));
  for (const experiment of experiments) known.set(experiment.id, experiment.testAccuracy);
  return known;
}
