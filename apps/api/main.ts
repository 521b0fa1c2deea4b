import { startApiServer } from '@lenet-lab/api';
import { loadEnv } from '@lenet-lab/env';
import { createLogger } from '@lenet-lab/logger';
import { runUntilSignal } from '@lenet-lab/process';

const logger = createLogger('api');

runUntilSignal(logger, async () => {
  const api = await startApiServer(loadEnv(), logger);
  return () => api.close();
});
