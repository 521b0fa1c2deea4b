import { runService } from '@lenet-lab/process';
import { startWorkerProcess } from '@lenet-lab/worker';

runService('worker', async (env, logger) => {
  const worker = await startWorkerProcess(env, logger);
  return () => worker.close();
});
