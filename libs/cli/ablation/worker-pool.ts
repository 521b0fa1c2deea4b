import path from 'node:path';
import { ManagedProcess } from '@lenet-lab/local-stack';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
const WORKER_ENTRY = 'apps/worker/main.ts';

export interface WorkerPoolOptions {
  count: number;
  /** DATABASE_URL, REDIS_URL, QUEUE_PREFIX and anything else the workers read. */
  env: NodeJS.ProcessEnv;
  logsDir: string;
  /** Called with each worker right after it is spawned (e.g. to record its pid). */
  onSpawn?: (worker: ManagedProcess) => void;
}

export class WorkersDiedError extends Error {
  readonly code = 'WORKERS_DIED';
  constructor(workers: ManagedProcess[]) {
    super(
      [
        'every training worker has stopped, so nothing can train:',
        ...workers.map(
          (w) =>
            `--- ${w.name} ${w.describeExit()}; last lines of ${w.logFile} ---\n${w.logTail(10)}`,
        ),
      ].join('\n'),
    );
    this.name = 'WorkersDiedError';
  }
}

/**
 * Worker processes exactly like `npm run worker`, one per core by default: TF.js trains on one
 * core per process, so processes rather than concurrency are what use the machine.
 */
export class WorkerPool {
  private constructor(readonly workers: ManagedProcess[]) {}

  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const workers: ManagedProcess[] = [];
    for (let index = 1; index <= options.count; index++) {
      const worker = await ManagedProcess.start({
        name: `worker-${index}`,
        command: process.execPath,
        // One process per worker (tsx's loader inside node), so that a signal reaches it directly.
        args: ['--import', 'tsx', WORKER_ENTRY],
        cwd: REPO_ROOT,
        env: options.env,
        logFile: path.join(options.logsDir, `worker-${index}.log`),
      });
      workers.push(worker);
      options.onSpawn?.(worker);
    }
    return new WorkerPool(workers);
  }

  /** Throws WorkersDiedError once no worker is left running. */
  checkAlive(): void {
    if (this.workers.every((worker) => worker.hasExited)) throw new WorkersDiedError(this.workers);
  }

  /**
   * SIGTERM lets a worker finish its current step and close its connections; one that has not
   * exited after `timeoutMs` (it waits for its job, which a cancellation ends at the next
   * batch) is killed.
   */
  async stop(timeoutMs = 20_000): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop({ signal: 'SIGTERM', timeoutMs })));
  }

  kill(): void {
    for (const worker of this.workers) worker.kill();
  }
}
