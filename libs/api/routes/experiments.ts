import { Router } from 'express';
import type { ExperimentService } from '@lenet-lab/experiments';
import { parseRequest } from '@lenet-lab/http';
import { toExperimentView } from '../experiment-view';
import { experimentIdParams, listExperimentsQuery, submitExperimentBody } from '../request-schemas';

export function experimentsRouter(service: ExperimentService): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const body = parseRequest(submitExperimentBody, req.body, 'body');
    const experiment = await service.submit(body);
    res.status(201).location(`${req.baseUrl}/${experiment.id}`).json(toExperimentView(experiment));
  });

  router.get('/', async (req, res) => {
    const query = parseRequest(listExperimentsQuery, req.query, 'query');
    const page = await service.list(query);
    res.json({
      items: page.items.map(toExperimentView),
      total: page.total,
      limit: query.limit,
      offset: query.offset,
    });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parseRequest(experimentIdParams, req.params, 'params');
    res.json(toExperimentView(await service.get(id)));
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parseRequest(experimentIdParams, req.params, 'params');
    res.json(toExperimentView(await service.cancel(id)));
  });

  return router;
}
