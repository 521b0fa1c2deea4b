import { Router } from 'express';
import {
  ablationProgress,
  FINISHED_ABLATION_STATUSES,
  type AblationReportService,
  type AblationService,
} from '@lenet-lab/ablations';
import {
  ablationIdParams,
  pageQuery,
  reportQuery,
  submitAblationBody,
  type AblationPage,
  type AblationRerun,
} from '@lenet-lab/contract';
import { parseJsonBody, parseRequest } from '@lenet-lab/http';
import { IDEMPOTENT_REPLAYED_HEADER, parseIdempotencyKey } from '@lenet-lab/idempotency';
import { REPORT_CONTENT_TYPES } from '@lenet-lab/report';
import { streamLiveEvents, type LiveEvents } from '../live-events';
import { toAblationView } from '../ablation-view';

export function ablationsRouter(
  service: AblationService,
  reports: AblationReportService,
  live: LiveEvents,
): Router {
  const router = Router();

  // 201 when created; 200 with Idempotent-Replayed: true when an earlier request with the same
  // Idempotency-Key and body created it.
  router.post('/', async (req, res) => {
    const key = parseIdempotencyKey(req.headersDistinct['idempotency-key']);
    const body = parseJsonBody(submitAblationBody, req);
    const { ablation, progress, replayed } = await service.submit(body, key);
    if (replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    res
      .status(replayed ? 200 : 201)
      .location(`${req.baseUrl}/${ablation.id}`)
      .json(toAblationView(ablation, progress));
  });

  router.get('/', async (req, res) => {
    const query = parseRequest(pageQuery, req.query, 'query');
    const page = await service.list(query);
    const body: AblationPage = {
      items: page.items.map((a) => toAblationView(a, ablationProgress(a, a.experiments))),
      total: page.total,
      ...query,
    };
    res.json(body);
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseRequest(ablationIdParams, req.params, 'params');
    const { ablation, progress, jobProgress } = await service.get(id);
    res.json(toAblationView(ablation, progress, jobProgress));
  });

  // Its cells' progress, epochs and statuses, and its report, as they happen (Server-Sent Events).
  router.get('/:id/events', async (req, res) => {
    const { id } = parseRequest(ablationIdParams, req.params, 'params');
    // A missing ablation is a 404 before the stream starts.
    let current: Awaited<ReturnType<AblationService['get']>> | undefined = await service.get(id);
    await streamLiveEvents(req, res, {
      feed: live.feed,
      logger: live.logger,
      kind: 'ablation',
      id,
      snapshot: async () => {
        const { ablation, progress, jobProgress } = current ?? (await service.get(id));
        current = undefined;
        return {
          view: toAblationView(ablation, progress, jobProgress),
          finished: FINISHED_ABLATION_STATUSES.includes(progress.status),
        };
      },
      ends: (event) => event.type === 'report',
    });
  });

  router.post('/:id/rerun', async (req, res) => {
    const { id } = parseRequest(ablationIdParams, req.params, 'params');
    const { ablation, progress, rerun } = await service.rerunMissing(id);
    const body: AblationRerun = { ...toAblationView(ablation, progress), rerun };
    res.status(rerun.length ? 202 : 200).json(body);
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parseRequest(ablationIdParams, req.params, 'params');
    const { ablation, progress, jobProgress } = await service.cancel(id);
    res.json(toAblationView(ablation, progress, jobProgress));
  });

  router.get('/:id/report', async (req, res) => {
    const { id } = parseRequest(ablationIdParams, req.params, 'params');
    const { format } = parseRequest(reportQuery, req.query, 'query');
    const body = await reports.render(id, format);
    res.type(REPORT_CONTENT_TYPES[format]);
    // The HTML report is self-contained (inline CSS, data-URI images) and runs no script.
    if (format === 'html') {
      res.setHeader(
        'Content-Security-Policy',
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'",
      );
    }
    res.send(body);
  });

  return router;
}
