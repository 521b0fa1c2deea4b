/**
 * How long jobs of the given durations take on `workers` identical workers that each take the
 * next job in queue order as soon as they are free (what BullMQ workers do): the makespan of
 * a list schedule. With no contention between workers this is the best the queue can do
 * for that order, so makespan(d, 2) / makespan(d, 1) is the ratio the 2-worker run could reach
 * at most, given unequal cells.
 */
export function listScheduleMakespan(durations: readonly number[], workers: number): number {
  if (workers < 1) throw new RangeError('workers must be at least 1');
  const freeAt = new Array<number>(workers).fill(0);
  for (const duration of durations) {
    const next = freeAt.indexOf(Math.min(...freeAt));
    freeAt[next] += duration;
  }
  return Math.max(...freeAt);
}
