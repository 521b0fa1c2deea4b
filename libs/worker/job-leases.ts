import type { Worker } from 'bullmq';

const REMEMBERED_LOST_JOBS = 100;
/** BullMQ's messages for a lock this worker no longer holds (lock-manager.ts, finished-errors.ts). */
const LOCK_ERROR =
  /^(?:could not renew lock for job|Missing lock for job|Lock mismatch for job) ([^\s.]+)/;

/**
 * Which of this worker's jobs it still holds. BullMQ renews each active job's lock every half
 * lock duration; a job is lost once a renewal is refused (another worker took it: BullMQ emits
 * 'lockRenewalFailed') or once no renewal has succeeded for a whole lock duration (Redis is out
 * of reach, or the process was frozen: the lock has expired and the job may be anyone's).
 * The training loop asks `lost` before every batch, so a lost job stops within one.
 */
export class JobLeases {
  private readonly renewedAt = new Map<string, number>();
  private readonly refused = new Set<string>();
  /** Jobs this worker lost, most recent last: BullMQ's errors about them are expected. */
  private readonly lostJobs: string[] = [];

  constructor(
    private readonly lockDurationMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The processor took the job: its lock was set just now. */
  start(jobId: string): void {
    this.renewedAt.set(jobId, this.now());
    this.refused.delete(jobId);
  }

  renewed(jobIds: readonly string[]): void {
    for (const id of jobIds) if (this.renewedAt.has(id)) this.renewedAt.set(id, this.now());
  }

  renewalRefused(jobIds: readonly string[]): void {
    for (const id of jobIds) if (this.renewedAt.has(id)) this.refused.add(id);
  }

  lost(jobId: string): boolean {
    const renewedAt = this.renewedAt.get(jobId);
    if (renewedAt === undefined) return false;
    return this.refused.has(jobId) || this.now() - renewedAt >= this.lockDurationMs;
  }

  end(jobId: string): void {
    if (this.lost(jobId)) {
      this.lostJobs.push(jobId);
      if (this.lostJobs.length > REMEMBERED_LOST_JOBS) this.lostJobs.shift();
    }
    this.renewedAt.delete(jobId);
    this.refused.delete(jobId);
  }

  /**
   * Whether a BullMQ worker error is only the echo of a job this worker lost: its refused lock
   * renewals, and the finish it cannot record without the lock. The processor logs the loss
   * once; these would repeat it every renewal.
   */
  isEchoOfLostJob(error: Error): boolean {
    const match = LOCK_ERROR.exec(error.message);
    if (!match) return false;
    const jobId = match[1];
    return this.lost(jobId) || this.lostJobs.includes(jobId);
  }

  /** Follows a BullMQ worker's lock renewals. */
  watch(worker: Worker): this {
    worker.on('locksRenewed', ({ jobIds }) => this.renewed(jobIds));
    worker.on('lockRenewalFailed', (jobIds) => this.renewalRefused(jobIds));
    return this;
  }
}
