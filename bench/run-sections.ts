import os from 'node:os';
import { redactDatabaseUrl } from '@lenet-lab/db';
import type { BackendChoice } from '@lenet-lab/training';
import { describeMachine } from './machine';
import type { BenchOptions, Section } from './options';
import { progress } from './progress';
import { isFailure, type BenchReport, type Outcome } from './report';
import { measureAblation } from './sections/ablation';
import { measureGpu } from './sections/gpu';
import { measureLatency } from './sections/latency';
import { measureOrchestration } from './sections/orchestration';
import { measurePeer } from './sections/peer';
import { measureTraining } from './sections/training';
import { prepareBenchDatabase } from './system/bench-database';

/** measurePredictionLatency's time per batch size: longer is steadier, --quick is a smoke run. */
const LATENCY_MIN_MS = { full: 2_000, quick: 300 };

/** Runs the chosen sections one after the other; a section that fails does not stop the rest. */
export async function runSections(options: BenchOptions, command: string): Promise<BenchReport> {
  const report: BenchReport = {
    command,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    machine: describeMachine(),
    // The report may be shared; a password in a URL may not.
    options: {
      ...options,
      databaseUrl: redactDatabaseUrl(options.databaseUrl),
      redisUrl: redactDatabaseUrl(options.redisUrl),
    },
    ran: options.sections,
  };
  const runs = (section: Section) => options.sections.includes(section);
  const imagesFor = (backend: BackendChoice) =>
    backend === 'cpu' ? Math.min(options.cpuImages, options.images) : options.images;

  if (runs('train')) {
    report.train = await guard('train', () =>
      measureTraining({
        backends: options.backends,
        preset: 'baseline',
        epochs: options.epochs,
        imagesFor,
      }),
    );
  }
  if (runs('peer')) {
    report.peer = await guard('peer', () =>
      measurePeer({
        script: options.peerScript,
        python: options.python,
        epochs: options.epochs,
        images: options.images,
      }),
    );
  }
  if (runs('latency')) {
    const minMillis = options.quick ? LATENCY_MIN_MS.quick : LATENCY_MIN_MS.full;
    report.latency = await guard('latency', () => measureLatency(options.backends, minMillis));
  }
  if (runs('gpu')) {
    report.gpu = await guard('gpu', () =>
      measureGpu({
        batchSizes: options.gpuBatches,
        images: options.images,
        epochs: options.epochs,
        hostSteps: options.hostSteps,
        peer: { script: options.peerScript, python: options.python },
      }),
    );
  }
  if (runs('orchestration') || runs('ablation')) {
    const ready = await guard('database', () => prepareBenchDatabase(options.databaseUrl));
    const system = { databaseUrl: options.databaseUrl, redisUrl: options.redisUrl };
    const unready = isFailure(ready)
      ? { failed: `the database could not be prepared: ${ready.failed}` }
      : null;
    if (runs('orchestration')) {
      report.orchestration = unready
        ? unready
        : await guard('orchestration', () =>
            measureOrchestration({
              ...system,
              images: options.images,
              epochs: options.epochs,
              repeats: options.repeats,
              writes: options.writes,
            }),
          );
    }
    if (runs('ablation')) {
      report.ablation = unready
        ? unready
        : await guard('ablation', () => measureAblation({ ...system, ...options.ablation }));
    }
  }
  report.machine.loadAfter = os.loadavg();
  report.finishedAt = new Date().toISOString();
  return report;
}

async function guard<T>(name: string, measure: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return await measure();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`${name} failed: ${message}`);
    return { failed: message };
  }
}
