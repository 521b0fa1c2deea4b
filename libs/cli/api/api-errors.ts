/** The API answered with an error: its own status, code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Nothing answered at the API's URL (refused, timed out, DNS). */
export class ApiUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `cannot reach the lenet-lab API at ${url} (${describeCause(cause)}); start it with ` +
        '`npm run api`, or point --api-url / LENET_LAB_API_URL at a running one',
    );
    this.name = 'ApiUnreachableError';
  }
}

/** The API has no such route yet (404/405 for a route rather than for a resource). */
export class ApiFeatureMissingError extends Error {
  constructor(what: string, status: number) {
    super(`this API server does not support ${what} yet (HTTP ${status})`);
    this.name = 'ApiFeatureMissingError';
  }
}

function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: { code?: string; message?: string } })?.cause;
  return inner?.code ?? inner?.message ?? (cause as Error)?.message ?? String(cause);
}
