import type { JobProgress } from '@lenet-lab/contract';

/** A running job's progress in words: phase, epoch, batch and the time it expects to need. */
export function jobProgressText(progress: JobProgress | null | undefined): string {
  if (!progress) return '';
  const parts = [
    progress.phase,
    `epoch ${progress.epoch}/${progress.epochs}`,
    `batch ${progress.batch}/${progress.batches}`,
  ];
  if (progress.etaSeconds !== undefined)
    parts.push(`about ${Math.ceil(progress.etaSeconds)} s left`);
  return parts.join(' · ');
}
