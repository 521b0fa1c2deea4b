import { loadEnv } from '@lenet-lab/env';
import { createLogger } from '@lenet-lab/logger';
import { runUntilSignal } from '@lenet-lab/process';
import { startWorkerProcess } from '@lenet-lab/worker';

const logger = createLogger('worker');

runUntilSignal(logger, async () => {
  const worker = await startWorkerProcess(loadEnv(), logger);
  return () => worker.close();
});
