import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalMirror {
  /** Base URL ending in '/'. */
  url: string;
  /** Paths requested so far. */
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 and a random port; `handle` decides each response. */
export async function startLocalMirror(
  handle: (path: string, response: http.ServerResponse) => void,
): Promise<LocalMirror> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    handle(path, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mnist/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Stalled test responses would otherwise keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `files` as /mnist/<name>, 404 for anything else. */
export function serveFiles(files: Record<string, Buffer>) {
  return (path: string, response: http.ServerResponse): void => {
    const body = files[path.replace(/^\/mnist\//, '')];
    if (body === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-length': body.length }).end(body);
  };
}
