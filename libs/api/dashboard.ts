import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, Router } from 'express';

export const DASHBOARD_PATH = '/admin/queues';

/** Bull Board over our queues, read-write (retry, clean) as the dashboard's users expect. */
export function dashboardRouter(queues: Queue[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
  // The adapter is an Express app of its own, which would announce itself in every answer.
  const board = serverAdapter.getRouter() as Express;
  board.disable('x-powered-by');
  return board;
}
