import { Router } from 'express';
import { openApiDocument } from '../openapi-document';

export function openApiRouter(): Router {
  const document = openApiDocument();
  const router = Router();
  router.get('/', (_req, res) => res.json(document));
  return router;
}
