import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetDownloadError } from '@lenet-lab/mnist';
import { downloadToFile } from '@lenet-lab/mnist/sources/download-file';
import { startLocalMirror, type LocalMirror } from './support/local-mirror';

describe('downloadToFile', () => {
  let dir: string;
  let mirror: LocalMirror | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lenet-download-'));
  });
  afterEach(async () => {
    await mirror?.close();
    mirror = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the response body to the destination', async () => {
    mirror = await startLocalMirror((_path, response) => response.end('hello'));

    await downloadToFile(`${mirror.url}f`, join(dir, 'f'), { idleTimeoutMs: 1000 });

    expect(await readFile(join(dir, 'f'), 'utf8')).toBe('hello');
  });

  it('follows redirects', async () => {
    mirror = await startLocalMirror((path, response) => {
      if (path.endsWith('/old')) response.writeHead(302, { location: 'new' }).end();
      else response.end(`at ${path}`);
    });

    await downloadToFile(`${mirror.url}old`, join(dir, 'f'), { idleTimeoutMs: 1000 });

    expect(await readFile(join(dir, 'f'), 'utf8')).toBe('at /mnist/new');
  });

  it('gives up on a redirect loop', async () => {
    mirror = await startLocalMirror((_path, response) =>
      response.writeHead(301, { location: 'loop' }).end(),
    );

    await expect(
      downloadToFile(`${mirror.url}loop`, join(dir, 'f'), { idleTimeoutMs: 1000 }),
    ).rejects.toThrow('too many redirects');
  });

  it('times out when the server never answers', async () => {
    mirror = await startLocalMirror(() => undefined);

    const attempt = downloadToFile(`${mirror.url}f`, join(dir, 'f'), { idleTimeoutMs: 200 });

    await expect(attempt).rejects.toThrow(DatasetDownloadError);
    await expect(attempt).rejects.toThrow('no data for 200 ms');
  });

  it('times out when the body stalls half-way', async () => {
    mirror = await startLocalMirror((_path, response) => {
      response.writeHead(200, { 'content-length': 1000 });
      response.write(Buffer.alloc(500));
    });

    await expect(
      downloadToFile(`${mirror.url}f`, join(dir, 'f'), { idleTimeoutMs: 200 }),
    ).rejects.toThrow('no data for 200 ms');
  });

  it('fails when the connection drops before the body is complete', async () => {
    mirror = await startLocalMirror((_path, response) => {
      response.writeHead(200, { 'content-length': 1000 });
      response.write(Buffer.alloc(500), () => response.socket?.destroy());
    });

    await expect(
      downloadToFile(`${mirror.url}f`, join(dir, 'f'), { idleTimeoutMs: 5000 }),
    ).rejects.toThrow(DatasetDownloadError);
  });

  it('fails when the body exceeds the size limit', async () => {
    mirror = await startLocalMirror((_path, response) => response.end(Buffer.alloc(2048)));

    await expect(
      downloadToFile(`${mirror.url}f`, join(dir, 'f'), { idleTimeoutMs: 1000, maxBytes: 1024 }),
    ).rejects.toThrow('body exceeds 1024 bytes');
  });

  it('refuses protocols other than http and https', async () => {
    await expect(
      downloadToFile('ftp://example.org/f', join(dir, 'f'), { idleTimeoutMs: 1000 }),
    ).rejects.toThrow('unsupported protocol ftp:');
  });
});
