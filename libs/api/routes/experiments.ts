import { Router } from 'express';
import {
  experimentIdParams,
  listExperimentsQuery,
  submitExperimentBody,
  type ExperimentPage,
} from '@lenet-lab/contract';
import type { ExperimentService } from '@lenet-lab/experiments';
import { parseJsonBody, parseRequest } from '@lenet-lab/http';
import { IDEMPOTENT_REPLAYED_HEADER, parseIdempotencyKey } from '@lenet-lab/idempotency';
import { toExperimentView } from '../experiment-view';
import { isTerminalStatus } from '@lenet-lab/db';
import { streamLiveEvents, type LiveEvents } from '../live-events';
import { metricsCsv } from '../metrics-csv';

export function experimentsRouter(service: ExperimentService, live: LiveEvents): Router {
  const router = Router();

  // 201 when created; 200 with Idempotent-Replayed: true when an earlier request with the same
  // Idempotency-Key and body created it (the body is the experiment as it is now).
  router.post('/', async (req, res) => {
    const key = parseIdempotencyKey(req.headersDistinct['idempotency-key']);
    const body = parseJsonBody(submitExperimentBody, req);
    const { experiment, replayed } = await service.submit(body, key);
    if (replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    res
      .status(replayed ? 200 : 201)
      .location(`${req.baseUrl}/${experiment.id}`)
      .json(toExperimentView(experiment));
  });

  router.get('/', async (req, res) => {
    const query = parseRequest(listExperimentsQuery, req.query, 'query');
    const page = await service.list(query);
    const body: ExperimentPage = {
      items: page.items.map(toExperimentView),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
    };
    res.json(body);
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseRequest(experimentIdParams, req.params, 'params');
    res.json(toExperimentView(await service.get(id)));
  });

  // Its progress, epochs and status as they happen (Server-Sent Events).
  router.get('/:id/events', async (req, res) => {
    const { id } = parseRequest(experimentIdParams, req.params, 'params');
    // A missing experiment is a 404 before the stream starts.
    const first = await service.get(id);
    let snapshot: typeof first | undefined = first;
    await streamLiveEvents(req, res, {
      feed: live.feed,
      logger: live.logger,
      kind: 'experiment',
      id,
      snapshot: async () => {
        const experiment = snapshot ?? (await service.get(id));
        snapshot = undefined;
        return {
          view: toExperimentView(experiment),
          finished: isTerminalStatus(experiment.status),
        };
      },
      ends: (event) => event.type === 'status' && isTerminalStatus(event.status),
    });
  });

  // The epochs as CSV, for spreadsheets and plotting tools; named after the experiment.
  router.get('/:id/metrics.csv', async (req, res) => {
    const { id } = parseRequest(experimentIdParams, req.params, 'params');
    const experiment = await service.get(id);
    // attachment() keeps only a file name's last path segment, so a '/' in the name would cut it.
    const fileName = `${(experiment.name ?? experiment.id).replaceAll('/', '-')}-metrics.csv`;
    res.attachment(fileName).send(metricsCsv(experiment.metrics ?? []));
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parseRequest(experimentIdParams, req.params, 'params');
    res.json(toExperimentView(await service.cancel(id)));
  });

  return router;
}
