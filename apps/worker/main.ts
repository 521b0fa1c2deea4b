import { loadEnv } from '@lenet-lab/env';
import { createLogger } from '@lenet-lab/logger';
import { runUntilSignal } from '@lenet-lab/process';
import { startTrainingWorker } from '@lenet-lab/worker';

const logger = createLogger('worker');

runUntilSignal(logger, async () => {
  const worker = await startTrainingWorker(loadEnv(), logger);
  return () => worker.close();
});
