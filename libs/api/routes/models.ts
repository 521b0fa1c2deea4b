import { Router } from 'express';
import { experimentIdParams, modelQuery, type TrainedModelList } from '@lenet-lab/contract';
import { parseRequest } from '@lenet-lab/http';
import type { ModelService } from '@lenet-lab/models';
import { WEIGHTS_FILE } from '@lenet-lab/models';
import { toModelView } from '../model-view';

/**
 * An experiment's trained models: `GET …/model` is model.json, and `tf.loadLayersModel` on
 * that URL fetches the weights from `…/model.weights.bin` beside it (with the same query).
 */
export function modelsRouter(models: ModelService): Router {
  const router = Router();
  const target = (req: { params: unknown; query: unknown }) => ({
    ...parseRequest(experimentIdParams, req.params, 'params'),
    ...parseRequest(modelQuery, req.query, 'query'),
  });

  router.get('/:id/models', async (req, res) => {
    const { id } = parseRequest(experimentIdParams, req.params, 'params');
    const kept = await models.list(id);
    const body: TrainedModelList = {
      items: kept.map((summary) => toModelView(summary, `${req.baseUrl}/${id}`)),
    };
    res.json(body);
  });

  router.get('/:id/model', async (req, res) => {
    const { id, variant } = target(req);
    res.json(await models.modelJson(id, variant));
  });

  router.get(`/:id/${WEIGHTS_FILE}`, async (req, res) => {
    const { id, variant } = target(req);
    res.type('application/octet-stream').send(await models.weights(id, variant));
  });

  router.get('/:id/model.onnx', async (req, res) => {
    const { id, variant } = target(req);
    const file = await models.onnx(id, variant);
    res
      .type('application/octet-stream')
      .attachment(`lenet5-${id}${variant ? `-${variant}` : ''}.onnx`)
      .send(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
  });

  return router;
}
