import type { Command } from 'commander';
import { DEFAULT_API_URL, LenetLabClient } from './api/api-client';

/** Where commands write: stdout for results, stderr for errors and warnings. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * stdout and stderr, where a closed reader (`lenet-lab … | head`) silences the stream instead of
 * crashing the process: a crash mid-run would leave its workers and databases running.
 */
export const processIo: CliIo = {
  out: writerFor(process.stdout),
  err: writerFor(process.stderr),
};

function writerFor(stream: NodeJS.WriteStream): (line: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
  });
  return (line) => {
    if (!closed) stream.write(`${line}\n`);
  };
}

/** The client for the API the global --api-url / --api-key (or their env vars) name. */
export function clientFor(command: Command): LenetLabClient {
  const { apiUrl, apiKey } = command.optsWithGlobals<{ apiUrl?: string; apiKey?: string }>();
  return new LenetLabClient({ baseUrl: apiUrl ?? DEFAULT_API_URL, apiKey });
}
