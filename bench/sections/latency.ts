import type { PredictionLatency } from '@lenet-lab/inference';
import type { BackendChoice } from '@lenet-lab/training';
import { backendEnv, runChild } from '../child/run-child';
import { progress } from '../progress';

export interface LatencyRow {
  backend: BackendChoice;
  unavailable?: string;
  device?: string;
  latencies?: PredictionLatency[];
}

export const LATENCY_BATCH_SIZES = [1, 256];

/**
 * Prediction latency per backend, each in a process of its own. Plain cpu is left out unless
 * it is the only backend asked for: it is not one anybody would serve predictions from.
 */
export async function measureLatency(
  backends: readonly BackendChoice[],
  minMillis: number,
): Promise<LatencyRow[]> {
  const fast = backends.filter((b) => b !== 'cpu');
  const rows: LatencyRow[] = [];
  for (const backend of fast.length > 0 ? fast : backends) {
    progress(`latency: ${backend}`);
    const outcome = await runChild(
      { kind: 'latency', backend, batchSizes: LATENCY_BATCH_SIZES, minMillis },
      backendEnv(backend),
    );
    rows.push(
      outcome.ok
        ? { backend, device: outcome.value.device, latencies: outcome.value.latencies }
        : { backend, unavailable: outcome.error },
    );
  }
  return rows;
}
