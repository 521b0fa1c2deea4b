import type { TrainJobProgress } from '@lenet-lab/queue';
import type { EpochMetrics } from '@lenet-lab/training';
import { progressAt } from '@lenet-lab/worker/training-steps/progress-at';
import {
  PROGRESS_INTERVAL_MS,
  ProgressReporter,
} from '@lenet-lab/worker/training-steps/progress-reporter';

function epochMetrics(epoch: number): EpochMetrics {
  return {
    epoch,
    trainLoss: 1 / epoch,
    trainAccuracy: 0.9,
    valLoss: 0.3,
    valAccuracy: 0.8 + epoch / 100,
    testLoss: 0.3,
    testAccuracy: 0.85 + epoch / 100,
    learningRate: 0.01,
    epochSeconds: 10,
    imagesPerSecond: 1000,
  };
}

/** A job that records what it was sent, and a clock the test moves. */
function fakeJob(options: { failing?: boolean } = {}) {
  const sent: TrainJobProgress[] = [];
  return {
    sent,
    updateProgress: async (progress: TrainJobProgress) => {
      sent.push(progress);
      if (options.failing) throw new Error('Redis is out of reach');
    },
  };
}

describe('progressAt', () => {
  const fresh = { epochs: 4, startFraction: 0, elapsedSeconds: 10 };

  it('places a batch in the whole run and extrapolates the ETA from it', () => {
    const progress = progressAt({ epoch: 2, batch: 50, batches: 100 }, fresh);
    expect(progress).toMatchObject({ epoch: 2, epochs: 4, batch: 50, batches: 100 });
    expect(progress.fraction).toBeCloseTo(1.5 / 4);
    // 10 s for 1.5 epochs: 2.5 epochs left take 16.7 s.
    expect(progress.etaSeconds).toBeCloseTo((10 * 2.5) / 1.5);
  });

  it('never reports more than the whole run', () => {
    expect(progressAt({ epoch: 5, batch: 1, batches: 1 }, fresh).fraction).toBe(1);
  });

  it('treats an epoch without batches as one batch, instead of dividing by zero', () => {
    const progress = progressAt({ epoch: 1, batch: 0, batches: 0 }, fresh);
    expect(progress.fraction).toBe(0);
    expect(progress.etaSeconds).toBeUndefined();
  });

  it('has no ETA before the first batch of a run', () => {
    expect(progressAt({ epoch: 1, batch: 0, batches: 100 }, fresh).etaSeconds).toBeUndefined();
  });

  it('times only what this attempt trained when it resumed a checkpoint', () => {
    // Resumed after 2 of 4 epochs; 10 s for the third epoch's first half.
    const resumed = { ...fresh, startFraction: 0.5 };
    const progress = progressAt({ epoch: 3, batch: 50, batches: 100 }, resumed);
    expect(progress.fraction).toBeCloseTo(2.5 / 4);
    expect(progress.etaSeconds).toBeCloseTo(30);
    expect(progressAt({ epoch: 3, batch: 0, batches: 100 }, resumed).etaSeconds).toBeUndefined();
  });

  it('carries the last epoch’s metrics and the first batch’s time', () => {
    const progress = progressAt(
      { epoch: 2, batch: 1, batches: 10 },
      { ...fresh, lastEpoch: epochMetrics(1), firstBatchAt: '2026-01-01T00:00:00.000Z' },
    );
    expect(progress).toMatchObject({
      trainLoss: 1,
      valAccuracy: 0.81,
      testAccuracy: 0.86,
      firstBatchAt: '2026-01-01T00:00:00.000Z',
    });
  });
});

describe('ProgressReporter', () => {
  let now: number;
  const clock = () => now;
  const START = Date.parse('2026-03-01T12:00:00.000Z');

  beforeEach(() => {
    now = START;
  });

  it('reports loading at once, with nothing done', () => {
    const job = fakeJob();
    new ProgressReporter(job, { epochs: 3, now: clock }).loading();
    expect(job.sent).toEqual([
      { phase: 'loading', epoch: 0, epochs: 3, batch: 0, batches: 0, fraction: 0 },
    ]);
  });

  it('sends the first batch at once, even right after loading, and stamps when it ended', () => {
    const job = fakeJob();
    const reporter = new ProgressReporter(job, { epochs: 2, now: clock });
    reporter.loading();
    reporter.trainingStarts(0);
    now += 5;
    reporter.batchEnded({ epoch: 1, batch: 1, batches: 10 });
    expect(job.sent).toHaveLength(2);
    expect(job.sent[1]).toMatchObject({
      phase: 'training',
      epoch: 1,
      batch: 1,
      firstBatchAt: new Date(START + 5).toISOString(),
    });
  });

  it('throttles later batches to one per interval and keeps the first batch’s time in them', () => {
    const job = fakeJob();
    const reporter = new ProgressReporter(job, { epochs: 1, now: clock });
    reporter.trainingStarts(0);
    reporter.batchEnded({ epoch: 1, batch: 1, batches: 100 });
    now += PROGRESS_INTERVAL_MS - 1;
    reporter.batchEnded({ epoch: 1, batch: 2, batches: 100 });
    expect(job.sent.map((p) => p.batch)).toEqual([1]);
    now += 1;
    reporter.batchEnded({ epoch: 1, batch: 3, batches: 100 });
    expect(job.sent.map((p) => p.batch)).toEqual([1, 3]);
    expect(job.sent[1].firstBatchAt).toBe(new Date(START).toISOString());
  });

  it('uses the interval it is given', () => {
    const job = fakeJob();
    const reporter = new ProgressReporter(job, { epochs: 1, intervalMs: 10, now: clock });
    reporter.batchEnded({ epoch: 1, batch: 1, batches: 100 });
    now += 10;
    reporter.batchEnded({ epoch: 1, batch: 2, batches: 100 });
    expect(job.sent).toHaveLength(2);
  });

  it('reports an ended epoch at once, with its metrics, as the start of the next one', () => {
    const job = fakeJob();
    const reporter = new ProgressReporter(job, { epochs: 4, now: clock });
    reporter.trainingStarts(0);
    reporter.batchEnded({ epoch: 1, batch: 1, batches: 10 });
    now += 20_000;
    reporter.batchEnded({ epoch: 1, batch: 10, batches: 10 });
    reporter.epochEnded(epochMetrics(1));
    expect(job.sent.at(-1)).toMatchObject({
      phase: 'evaluating',
      epoch: 2,
      batch: 0,
      batches: 1,
      fraction: 0.25,
      etaSeconds: 60,
      trainLoss: 1,
      testAccuracy: 0.86,
    });
  });

  it('starts the ETA’s clock when training starts, not when loading does', () => {
    const job = fakeJob();
    const reporter = new ProgressReporter(job, { epochs: 2, now: clock });
    reporter.loading();
    now += 60_000; // loading the dataset
    reporter.trainingStarts(0);
    now += 10_000;
    reporter.batchEnded({ epoch: 1, batch: 5, batches: 10 });
    expect(job.sent.at(-1)!.etaSeconds).toBeCloseTo(30);
  });

  it('after a resume, reports the resumed epoch’s metrics and times only this attempt', () => {
    const job = fakeJob();
    const reporter = new ProgressReporter(job, { epochs: 4, now: clock });
    reporter.trainingStarts(2, epochMetrics(2));
    now += 10_000;
    reporter.batchEnded({ epoch: 3, batch: 5, batches: 10 });
    expect(job.sent.at(-1)).toMatchObject({ fraction: 2.5 / 4, trainLoss: 0.5 });
    expect(job.sent.at(-1)!.etaSeconds).toBeCloseTo(30);
  });

  it('reports done at once with the whole run done, also when it stopped early', () => {
    const job = fakeJob();
    const reporter = new ProgressReporter(job, { epochs: 10, now: clock });
    reporter.trainingStarts(0);
    reporter.batchEnded({ epoch: 1, batch: 1, batches: 10 });
    reporter.epochEnded(epochMetrics(6));
    reporter.done(6);
    expect(job.sent.at(-1)).toMatchObject({
      phase: 'done',
      epoch: 6,
      batch: 1,
      batches: 1,
      fraction: 1,
      trainLoss: 1 / 6,
    });
  });

  it('drops a report Redis refused without failing the run', async () => {
    const job = fakeJob({ failing: true });
    const reporter = new ProgressReporter(job, { epochs: 1, now: clock });
    expect(() => reporter.loading()).not.toThrow();
    reporter.batchEnded({ epoch: 1, batch: 1, batches: 1 });
    // A rejection nobody handled would fail the test run here.
    await new Promise((resolve) => setImmediate(resolve));
    expect(job.sent).toHaveLength(2);
  });
});
