import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Queue } from 'bullmq';
import type { AblationReportService, AblationService } from '@lenet-lab/ablations';
import type { ExperimentService } from '@lenet-lab/experiments';
import { errorHandler, NotFoundError } from '@lenet-lab/http';
import { dashboardRouter, DASHBOARD_PATH } from './dashboard';
import { ablationsRouter } from './routes/ablations';
import { experimentsRouter } from './routes/experiments';
import { healthRouter, type HealthChecks } from './routes/health';

export interface AppDeps {
  logger: Logger;
  experiments: ExperimentService;
  ablations: AblationService;
  reports: AblationReportService;
  healthChecks: HealthChecks;
  /** Queues shown in Bull Board. */
  queues: Queue[];
}

/** A config is a few hundred bytes; anything near this limit is not a config. */
const JSON_BODY_LIMIT = '100kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(DASHBOARD_PATH, dashboardRouter(deps.queues));
  app.use(helmet());
  app.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  app.use('/healthz', healthRouter(deps.healthChecks));
  app.use('/api/experiments', experimentsRouter(deps.experiments));
  app.use('/api/ablations', ablationsRouter(deps.ablations, deps.reports));
  app.use((req, _res, next) => next(new NotFoundError('route', `${req.method} ${req.path}`)));
  app.use(errorHandler(deps.logger));
  return app;
}
