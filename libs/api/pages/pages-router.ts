import path from 'node:path';
import { Router, type Response } from 'express';
import {
  ablationProgress,
  type AblationReportService,
  type AblationService,
} from '@lenet-lab/ablations';
import { browserGate, type Auth } from '@lenet-lab/auth';
import { ablationIdParams, experimentIdParams } from '@lenet-lab/contract';
import type { ExperimentService } from '@lenet-lab/experiments';
import { parseRequest } from '@lenet-lab/http';
import { toAblationView } from '../ablation-view';
import { toExperimentView } from '../experiment-view';
import { ablationPage, ablationProgressBlock } from './ablation-page';
import { experimentCurves } from './experiment-curves';
import { experimentPage, experimentProgressBlock } from './experiment-page';
import { INDEX_PAGE_LIMIT, indexPage } from './index-page';
import { LIVE_SCRIPT_PATH } from './page-layout';

const LIVE_SCRIPT_FILE = path.join(__dirname, 'assets', 'live.js');

export interface PagesDeps {
  experiments: ExperimentService;
  ablations: AblationService;
  reports: AblationReportService;
  auth: Auth;
  /** The sign-in form a browser that is not signed in is sent to. */
  loginPath: string;
}

/** Pages and fragments change with every epoch: a browser must ask again each time. */
function sendHtml(res: Response, html: string): void {
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}

/**
 * The live pages: a front page listing the runs, a page per ablation (its cells' progress and
 * its report) and per experiment, and the fragments their script swaps in as events arrive.
 * Watching needs a read key or a signed-in browser, as the streams they follow do.
 */
export function pagesRouter(deps: PagesDeps): Router {
  const router = Router();
  const gate = browserGate(deps.auth, 'read', deps.loginPath);

  router.get(LIVE_SCRIPT_PATH, (_req, res) => {
    res.sendFile(LIVE_SCRIPT_FILE, { headers: { 'Cache-Control': 'no-cache' } });
  });

  router.get('/', gate, async (_req, res) => {
    const page = { limit: INDEX_PAGE_LIMIT, offset: 0 };
    const [ablations, experiments] = await Promise.all([
      deps.ablations.list(page),
      deps.experiments.list(page),
    ]);
    sendHtml(
      res,
      indexPage(
        {
          items: ablations.items.map((a) => toAblationView(a, ablationProgress(a, a.experiments))),
          total: ablations.total,
        },
        { items: experiments.items.map(toExperimentView), total: experiments.total },
      ),
    );
  });

  const ablationView = async (id: string) => {
    const { ablation, progress, jobProgress } = await deps.ablations.get(id);
    return toAblationView(ablation, progress, jobProgress);
  };
  const reportSections = (id: string) => deps.reports.renderSections(id);

  router.get('/ablations/:id', gate, async (req, res) => {
    const { id } = parseRequest(ablationIdParams, req.params, 'params');
    const [view, sections] = await Promise.all([ablationView(id), reportSections(id)]);
    sendHtml(res, ablationPage(view, sections));
  });

  router.get('/ablations/:id/progress', gate, async (req, res) => {
    const { id } = parseRequest(ablationIdParams, req.params, 'params');
    sendHtml(res, ablationProgressBlock(await ablationView(id)));
  });

  router.get('/ablations/:id/sections', gate, async (req, res) => {
    const { id } = parseRequest(ablationIdParams, req.params, 'params');
    sendHtml(res, await reportSections(id));
  });

  const experimentView = async (id: string) => toExperimentView(await deps.experiments.get(id));

  router.get('/experiments/:id', gate, async (req, res) => {
    const { id } = parseRequest(experimentIdParams, req.params, 'params');
    const experiment = await experimentView(id);
    sendHtml(res, experimentPage(experiment, await experimentCurves(experiment.metrics ?? [])));
  });

  router.get('/experiments/:id/progress', gate, async (req, res) => {
    const { id } = parseRequest(experimentIdParams, req.params, 'params');
    sendHtml(res, experimentProgressBlock(await experimentView(id)));
  });

  router.get('/experiments/:id/curves', gate, async (req, res) => {
    const { id } = parseRequest(experimentIdParams, req.params, 'params');
    sendHtml(res, await experimentCurves((await experimentView(id)).metrics ?? []));
  });

  return router;
}
