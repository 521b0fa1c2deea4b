import { startApiServer } from '@lenet-lab/api';
import { runService } from '@lenet-lab/process';

runService('api', async (env, logger) => {
  const api = await startApiServer(env, logger);
  return () => api.close();
});
