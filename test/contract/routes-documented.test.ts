import type { Express } from 'express';
import { createApp } from '@lenet-lab/api';
import { openApiDocument } from '@lenet-lab/api/openapi-document';
import { createLogger } from '@lenet-lab/logger';

/** What the app serves that the OpenAPI document leaves out on purpose, and why. */
const UNDOCUMENTED: Record<string, string> = {
  'GET /openapi.json': 'the document itself',
  'GET /admin/login': "the dashboard's sign-in form: HTML for browsers, not the API",
  'POST /admin/login': "the dashboard's sign-in form: HTML for browsers, not the API",
  'MOUNT /admin/queues': 'Bull Board, a web application of its own mounted as the dashboard',
  'GET /': 'the live pages: HTML for browsers, not the API',
  'GET /ablations/:id': 'the live pages: HTML for browsers, not the API',
  'GET /ablations/:id/progress': "an HTML fragment the live ablation page's script swaps in",
  'GET /ablations/:id/sections': "an HTML fragment the live ablation page's script swaps in",
  'GET /experiments/:id': 'the live pages: HTML for browsers, not the API',
  'GET /experiments/:id/progress': "an HTML fragment the live experiment page's script swaps in",
  'GET /experiments/:id/curves': "an HTML fragment the live experiment page's script swaps in",
  'GET /assets/live.js': "the live pages' script",
};

/** The parts of Express's router layers (router 2.x) that say what a layer serves. */
interface Layer {
  rawPath?: string | string[];
  route?: { path: string; methods: Record<string, boolean> };
  handle: { name?: string; stack?: Layer[] };
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/**
 * Every route in a router stack as `METHOD /path`, routers mounted with `use` walked into. An
 * application mounted inside (Express names its handler `mounted_app`) keeps its routes to
 * itself: it appears once as `MOUNT /path`.
 */
function routesOf(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    const path = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method.toUpperCase()} ${joinPath(prefix, layer.route!.path)}`);
    }
    if (layer.handle.name === 'mounted_app') return [`MOUNT ${joinPath(prefix, path)}`];
    return layer.handle.stack ? routesOf(layer.handle.stack, joinPath(prefix, path)) : [];
  });
}

/** `GET /api/experiments/{id}` for each operation, with Express's `:id` spelling. */
function documentedRoutes(): string[] {
  return Object.entries(openApiDocument().paths).flatMap(([path, operations]) =>
    Object.keys(operations).map(
      (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
    ),
  );
}

/** The app as the API builds it; its routes are registered without calling any service. */
function appWithUnusedServices(): Express {
  const unused = {} as never;
  return createApp({
    logger: createLogger('routes-test', 'silent'),
    experiments: unused,
    ablations: unused,
    reports: unused,
    models: unused,
    healthChecks: {},
    queues: [],
    auth: { keys: { admin: [], read: [] } },
    writeRateLimitPerMinute: 60,
    liveEvents: unused,
  });
}

describe('The OpenAPI document', () => {
  const served = routesOf((appWithUnusedServices().router as unknown as { stack: Layer[] }).stack);

  it('lists every route the app serves, apart from the dashboard and the document itself', () => {
    const undocumented = served.filter((route) => !(route in UNDOCUMENTED));
    expect(undocumented.sort()).toEqual(documentedRoutes().sort());
  });

  it('leaves out only routes the app still serves', () => {
    expect(Object.keys(UNDOCUMENTED).filter((route) => !served.includes(route))).toEqual([]);
  });
});
