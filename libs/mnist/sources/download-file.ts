import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatasetDownloadError, messageOf } from '../dataset-errors';
import { MAX_IDX_FILE_BYTES } from '../idx-format';

export interface DownloadOptions {
  /** Fail when no bytes arrive for this long, whether waiting for headers or mid-body. */
  idleTimeoutMs: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Fail once the body exceeds this many bytes. Default: MAX_IDX_FILE_BYTES. */
  maxBytes?: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MAX_REDIRECTS = 5;

/**
 * Streams `url` into `destination` (which the caller later renames or deletes). Every failure,
 * including a server that stops sending, rejects with a DatasetDownloadError: a download must
 * never leave its promise pending.
 */
export async function downloadToFile(
  url: string,
  destination: string,
  options: DownloadOptions,
): Promise<void> {
  const maxBytes = options.maxBytes ?? MAX_IDX_FILE_BYTES;
  const controller = new AbortController();
  let idleTimer: NodeJS.Timeout | undefined;
  const restartIdleTimer = (): void => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => controller.abort(), options.idleTimeoutMs);
  };

  restartIdleTimer();
  try {
    const response = await openResponse(
      new URL(url),
      controller.signal,
      options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    );
    let received = 0;
    const watchdog = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        restartIdleTimer();
        received += chunk.length;
        if (received > maxBytes) {
          callback(new DatasetDownloadError(url, `body exceeds ${maxBytes} bytes`));
        } else {
          callback(null, chunk);
        }
      },
    });
    await pipeline(response, watchdog, createWriteStream(destination));
  } catch (error) {
    if (controller.signal.aborted) {
      throw new DatasetDownloadError(url, `no data for ${options.idleTimeoutMs} ms`, error);
    }
    if (error instanceof DatasetDownloadError) throw error;
    // A refused connection to a name with several addresses is an AggregateError with no message.
    const reason = messageOf(error) || (error as NodeJS.ErrnoException).code || 'connection failed';
    throw new DatasetDownloadError(url, reason, error);
  } finally {
    clearTimeout(idleTimer);
  }
}

/** Resolves with a 200 response, following redirects; anything else rejects. */
function openResponse(
  url: URL,
  signal: AbortSignal,
  redirectsLeft: number,
): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (client === null) {
    return Promise.reject(
      new DatasetDownloadError(url.href, `unsupported protocol ${url.protocol}`),
    );
  }
  return new Promise((resolve, reject) => {
    const request = client.get(url, { signal }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        response.resume();
        if (redirectsLeft <= 0) {
          reject(new DatasetDownloadError(url.href, 'too many redirects'));
        } else {
          resolve(openResponse(new URL(location, url), signal, redirectsLeft - 1));
        }
        return;
      }
      if (status !== 200) {
        // Drain so the socket is released rather than held open by an unread error page.
        response.resume();
        reject(
          new DatasetDownloadError(
            url.href,
            `HTTP ${status} ${response.statusMessage ?? ''}`.trim(),
          ),
        );
        return;
      }
      resolve(response);
    });
    request.on('error', reject);
  });
}
