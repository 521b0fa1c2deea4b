import { DependencyUnavailableError } from '@lenet-lab/errors';
import { createOnce, type CreateOnceOptions, type CreateOnceResult } from './create-once';

export interface CreateAndEnqueueOptions<T> extends CreateOnceOptions<T> {
  keys: CreateOnceOptions<T>['keys'] & {
    /** Frees a key this request claimed, so the client's retry can create again. */
    release(scope: string, key: string): Promise<unknown>;
  };
  /** Hands what was created to the queue. */
  enqueue(created: T): Promise<void>;
  /** Deletes what was created when the queue refused it. */
  undo(created: T): Promise<void>;
}

/**
 * Creates once per key (createOnce), then enqueues. If the queue refuses, the rows and the key
 * are removed again and the caller gets a DependencyUnavailableError: nothing sits "queued"
 * with no job behind it, and a retry with the same key starts afresh. A replay enqueues nothing:
 * the first request did.
 */
export async function createAndEnqueue<T>(
  options: CreateAndEnqueueOptions<T>,
): Promise<CreateOnceResult<T>> {
  const outcome = await createOnce(options);
  if (outcome.replayed) return outcome;
  try {
    await options.enqueue(outcome.created);
  } catch (error) {
    if (options.key !== undefined) await options.keys.release(options.scope, options.key);
    await options.undo(outcome.created);
    throw new DependencyUnavailableError(
      `the job queue is unavailable, nothing was submitted (${(error as Error).message})`,
    );
  }
  return outcome;
}
