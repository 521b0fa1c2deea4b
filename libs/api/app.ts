import cookieParser from 'cookie-parser';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Queue } from 'bullmq';
import type { AblationReportService, AblationService } from '@lenet-lab/ablations';
import {
  browserGate,
  dashboardLoginRouter,
  refuseCrossSiteWrites,
  requireAccessByMethod,
  type Auth,
} from '@lenet-lab/auth';
import { DatabaseUnavailableError, isTransientDatabaseError } from '@lenet-lab/db';
import type { ExperimentService } from '@lenet-lab/experiments';
import { NotFoundError } from '@lenet-lab/errors';
import { errorHandler, HttpError } from '@lenet-lab/http';
import type { ModelService } from '@lenet-lab/models';
import { dashboardRouter, DASHBOARD_PATH } from './dashboard';
import { ablationsRouter } from './routes/ablations';
import { experimentsRouter } from './routes/experiments';
import { modelsRouter } from './routes/models';
import { predictRouter } from './routes/predict';
import { healthRouter, type HealthChecks } from './routes/health';
import { openApiRouter } from './routes/openapi';
import type { LiveEventFeed } from '@lenet-lab/events';
import { presetsRouter } from './routes/presets';
import { pagesRouter } from './pages';

export interface AppDeps {
  logger: Logger;
  experiments: ExperimentService;
  ablations: AblationService;
  reports: AblationReportService;
  /** Trained models: download, prediction. */
  models: ModelService;
  healthChecks: HealthChecks;
  /** Queues shown in Bull Board. */
  queues: Queue[];
  /** The API keys, and the limit on wrong ones. */
  auth: Auth;
  /** POST/DELETE requests one client may make per minute. */
  writeRateLimitPerMinute: number;
  /** The event streams the /events routes follow. */
  liveEvents: LiveEventFeed;
}

/** A config is a few hundred bytes; anything near this limit is not a config. */
const JSON_BODY_LIMIT = '100kb';
export const LOGIN_PATH = '/admin/login';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function writeRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    skip: (req) => SAFE_METHODS.has(req.method),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(
        new HttpError(
          429,
          'RATE_LIMITED',
          `at most ${perMinute} writes per minute; try again later`,
        ),
      ),
  });
}

/**
 * A query that failed because PostgreSQL is down or restarting becomes DatabaseUnavailableError
 * (a 503 naming PostgreSQL), whichever route and library it failed in.
 */
function databaseOutages(): ErrorRequestHandler {
  return (error, _req, _res, next) =>
    next(isTransientDatabaseError(error) ? new DatabaseUnavailableError(error) : error);
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(cookieParser());
  app.use(
    dashboardLoginRouter(deps.auth, {
      loginPath: LOGIN_PATH,
      dashboardPath: DASHBOARD_PATH,
      homePath: '/',
      secure: false,
    }),
  );
  // Bull Board ships inline scripts and styles that helmet's default CSP would block.
  app.use(
    DASHBOARD_PATH,
    refuseCrossSiteWrites(),
    browserGate(deps.auth, 'admin', LOGIN_PATH),
    dashboardRouter(deps.queues),
  );
  app.use(helmet());
  app.use('/healthz', healthRouter(deps.healthChecks));
  app.use('/openapi.json', openApiRouter());
  app.use(pagesRouter({ ...deps, loginPath: LOGIN_PATH }));
  // Prediction changes nothing, so a read key may use it and it is not a rate-limited write;
  // its bodies (up to 1,024 digits, or PNG uploads) need parsers of their own.
  app.use('/api/experiments', predictRouter(deps.models, deps.auth));
  app.use('/api', requireAccessByMethod(deps.auth), writeRateLimit(deps.writeRateLimitPerMinute));
  app.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  const live = { feed: deps.liveEvents, logger: deps.logger };
  app.use('/api/experiments', experimentsRouter(deps.experiments, live), modelsRouter(deps.models));
  app.use('/api/ablations', ablationsRouter(deps.ablations, deps.reports, live));
  app.use('/api/presets', presetsRouter());
  app.use((req, _res, next) => next(new NotFoundError('route', `${req.method} ${req.path}`)));
  app.use(databaseOutages());
  app.use(errorHandler(deps.logger));
  return app;
}
