import { isSoftwareDevice } from '@lenet-lab/training';
import { runChild } from '../child/run-child';
import type { WebgpuHostResult } from '../child/tasks';
import { progress } from '../progress';
import { measurePeer, type PeerResult } from './peer';
import { measureTraining, type TrainingRow } from './training';

export interface GpuOptions {
  /** The seed's 64 first; larger ones show what a GPU does with more work per step. */
  batchSizes: number[];
  images: number;
  epochs: number;
  /** Training steps on Dawn's null adapter per batch size. */
  hostSteps: number;
  peer: { script: string; python: string | null };
}

export interface GpuBatchRow {
  batchSize: number;
  /** webgpu's training throughput on the adapter this machine has (the device says which). */
  webgpu: TrainingRow;
  /** A training step's cost to the host (tfjs and Dawn), measured on Dawn's null adapter. */
  host: WebgpuHostResult | { unavailable: string };
  /** The seed's PyTorch on the first CUDA GPU: only when webgpu ran on a GPU, not software. */
  cuda: PeerResult;
}

/** webgpu at each batch size, beside PyTorch on CUDA where both ran on a GPU. */
export async function measureGpu(options: GpuOptions): Promise<GpuBatchRow[]> {
  const rows: GpuBatchRow[] = [];
  for (const batchSize of options.batchSizes) {
    const [webgpu] = await measureTraining({
      backends: ['webgpu'],
      preset: 'baseline',
      epochs: options.epochs,
      imagesFor: () => options.images,
      batchSize,
    });
    progress(`gpu: host cost of a step on Dawn's null adapter, batch ${batchSize}`);
    const host = await runChild({
      kind: 'webgpu-host',
      preset: 'baseline',
      batchSize,
      steps: options.hostSteps,
    });
    rows.push({
      batchSize,
      webgpu,
      host: host.ok ? host.value : { unavailable: host.error },
      cuda: await cudaPeer(webgpu, batchSize, options),
    });
  }
  return rows;
}

function cudaPeer(webgpu: TrainingRow, batchSize: number, options: GpuOptions) {
  if (webgpu.unavailable) {
    return Promise.resolve<PeerResult>({ status: 'skipped', reason: 'webgpu did not run' });
  }
  if (isSoftwareDevice(webgpu.device ?? '')) {
    return Promise.resolve<PeerResult>({
      status: 'skipped',
      reason: 'webgpu ran on a software adapter, which is not compared with a GPU',
    });
  }
  return measurePeer({
    ...options.peer,
    epochs: options.epochs,
    images: options.images,
    device: 'cuda',
    batch: batchSize,
  });
}
