import { ApiError } from './api/api-errors';

/** A failure the CLI reports as one message and an exit code, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Ctrl-C or SIGTERM while a command ran; exits 128 + the signal's number, as shells expect. */
export class InterruptedError extends CliError {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`, signal === 'SIGINT' ? 130 : 143);
    this.name = 'InterruptedError';
  }
}

/** The one place errors become the text a user reads. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const lines = [`${error.message} (HTTP ${error.status} ${error.code})`];
    if (Array.isArray(error.details)) {
      for (const issue of error.details as { path?: string; message?: string }[]) {
        if (issue?.message)
          lines.push(`  - ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
      }
    }
    if (error.status === 401 || error.status === 403) {
      lines.push('  Pass an API key with --api-key or LENET_LAB_API_KEY.');
    }
    return lines.join('\n');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
