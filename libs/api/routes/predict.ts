import { Router } from 'express';
import { requireAccess, type Auth } from '@lenet-lab/auth';
import { experimentIdParams, modelQuery, type Prediction } from '@lenet-lab/contract';
import { parseRequest } from '@lenet-lab/http';
import type { ModelService } from '@lenet-lab/models';
import { predictBodyParsers, readDigitImages } from '../predict-input';

/**
 * Classifies images with an experiment's model, naming the classes of its dataset; mounted
 * before the API's general guard, with its own parsers and limits, and any key (read or admin)
 * may use it.
 */
export function predictRouter(models: ModelService, auth: Auth): Router {
  const router = Router();
  router.post(
    '/:id/predict',
    requireAccess(auth, 'read'),
    ...predictBodyParsers,
    async (req, res) => {
      const { id } = parseRequest(experimentIdParams, req.params, 'params');
      const { variant } = parseRequest(modelQuery, req.query, 'query');
      const images = readDigitImages(req);
      const result = await models.predict(id, images, variant);
      const body: Prediction = {
        experimentId: id,
        variant: result.variant,
        dataset: result.dataset,
        predictions: result.predictions,
      };
      res.json(body);
    },
  );
  return router;
}
