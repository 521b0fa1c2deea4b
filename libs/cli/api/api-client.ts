import { randomUUID } from 'node:crypto';
// The files alone: the CLI is a thin HTTP client and loads no TensorFlow.js or Prisma.
import { IDEMPOTENCY_KEY_HEADER } from '@lenet-lab/idempotency/idempotency-constants';
import { experimentPath, modelPaths, WEIGHTS_FILE } from '@lenet-lab/models/model-paths';
import { ApiError, ApiFeatureMissingError, ApiUnreachableError } from './api-errors';
import { readEventStream, type StreamEvent } from './event-stream';
import type {
  Ablation,
  AblationRerun,
  Experiment,
  ExperimentPage,
  ExperimentStatus,
  ModelVariant,
  Prediction,
  Preset,
  PresetList,
  ReportFormat,
  SubmitAblationRequest,
  SubmitExperimentRequest,
  TrainedModel,
  TrainedModelList,
} from './api-types';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

/**
 * A submission is retried with its own Idempotency-Key when its answer was lost (the
 * connection dropped, the API or a proxy was briefly unavailable): the API answers a repeated
 * key with the resource the first request made, so a retry never submits twice.
 */
const SUBMIT_RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000];
/** Between two attempts to reopen an event stream that dropped. */
const STREAM_RECONNECT_MS = 1_000;
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);
/** The first request with the key is still being handled: ask again. */
const KEY_IN_FLIGHT = 'IDEMPOTENCY_KEY_IN_FLIGHT';

function outcomeUnknown(error: unknown): boolean {
  if (error instanceof ApiUnreachableError) return true;
  return (
    error instanceof ApiError &&
    (UNAVAILABLE_STATUSES.has(error.status) || error.code === KEY_IN_FLIGHT)
  );
}

export interface ApiClientOptions {
  /** e.g. http://127.0.0.1:3000; a trailing slash is ignored. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <key>` when set. */
  apiKey?: string;
  /** Per request. Default: 30 s; reports (HTML renders charts) get four times as long. */
  timeoutMs?: number;
}

export type Found =
  { kind: 'experiment'; experiment: Experiment } | { kind: 'ablation'; ablation: Ablation };

/** The lenet-lab REST API, one typed method per call; errors are ApiError and friends. */
export class LenetLabClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  submitExperiment(body: SubmitExperimentRequest): Promise<Experiment> {
    return this.submit('/api/experiments', body);
  }

  getExperiment(id: string): Promise<Experiment> {
    return this.json('GET', experimentPath(id));
  }

  listExperiments(query: { status?: ExperimentStatus; limit?: number; offset?: number } = {}) {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    const search = params.size > 0 ? `?${params}` : '';
    return this.json<ExperimentPage>('GET', `/api/experiments${search}`);
  }

  async listPresets(): Promise<Preset[]> {
    return (await this.json<PresetList>('GET', '/api/presets')).items;
  }

  cancelExperiment(id: string): Promise<unknown> {
    return this.cancel(experimentPath(id));
  }

  submitAblation(body: SubmitAblationRequest): Promise<Ablation> {
    return this.submit('/api/ablations', body);
  }

  getAblation(id: string): Promise<Ablation> {
    return this.json('GET', `/api/ablations/${encodeURIComponent(id)}`);
  }

  rerunAblation(id: string): Promise<AblationRerun> {
    return this.json('POST', `/api/ablations/${encodeURIComponent(id)}/rerun`);
  }

  cancelAblation(id: string): Promise<unknown> {
    return this.cancel(`/api/ablations/${encodeURIComponent(id)}`);
  }

  async report(id: string, format: ReportFormat): Promise<string> {
    const path = `/api/ablations/${encodeURIComponent(id)}/report?format=${format}`;
    const response = await this.request('GET', path, undefined, this.timeoutMs * 4);
    return response.text();
  }

  async listModels(experimentId: string): Promise<TrainedModel[]> {
    const path = modelPaths(experimentPath(experimentId)).models;
    return (await this.json<TrainedModelList>('GET', path)).items;
  }

  /** A file the API serves for an experiment's model: model.json, its weights, or the ONNX file. */
  async modelFile(
    experimentId: string,
    file: 'model' | 'model.weights.bin' | 'model.onnx',
    variant?: ModelVariant,
  ): Promise<Buffer> {
    const paths = modelPaths(experimentPath(experimentId), variant);
    const path = { model: paths.tfjs, [WEIGHTS_FILE]: paths.weights, 'model.onnx': paths.onnx }[
      file
    ];
    return Buffer.from(await (await this.request('GET', path)).arrayBuffer());
  }

  /** PNG files (28×28 grayscale digits) classified by an experiment's model, in order. */
  async predictPngs(
    experimentId: string,
    files: { name: string; data: Uint8Array }[],
    variant?: ModelVariant,
  ): Promise<Prediction> {
    const form = new FormData();
    for (const file of files) {
      form.append(
        'images',
        new Blob([new Uint8Array(file.data)], { type: 'image/png' }),
        file.name,
      );
    }
    const path = modelPaths(experimentPath(experimentId), variant).predict;
    return (await (await this.request('POST', path, form)).json()) as Prediction;
  }

  /**
   * An experiment's or ablation's events (see the /events routes), until `end`. A stream that
   * drops is reopened with the last event id, so no event is lost; after `outageToleranceMs`
   * (default 60 s) without getting through, the API counts as unreachable.
   */
  async *followEvents(
    kind: 'experiments' | 'ablations',
    id: string,
    options: { signal?: AbortSignal; outageToleranceMs?: number } = {},
  ): AsyncGenerator<StreamEvent> {
    const path = `/api/${kind}/${encodeURIComponent(id)}/events`;
    const tolerance = options.outageToleranceMs ?? 60_000;
    let lastId: string | undefined;
    let failingSince: number | undefined;
    for (;;) {
      options.signal?.throwIfAborted();
      try {
        const body = await this.openStream(path, lastId, options.signal);
        for await (const event of readEventStream(body)) {
          failingSince = undefined;
          if (event.id !== undefined) lastId = event.id;
          yield event;
          if (event.type === 'end') return;
        }
      } catch (error) {
        // The API's own refusal (404, 401) is final, and so is the caller's abort.
        if (error instanceof ApiError || options.signal?.aborted) throw error;
        failingSince ??= Date.now();
        if (Date.now() - failingSince > tolerance)
          throw new ApiUnreachableError(this.baseUrl, error);
      }
      await new Promise((resolve) => setTimeout(resolve, STREAM_RECONNECT_MS));
    }
  }

  /** An id may name an experiment or an ablation (both are UUIDs); experiments are tried first. */
  async find(id: string): Promise<Found> {
    try {
      return { kind: 'experiment', experiment: await this.getExperiment(id) };
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
    }
    try {
      return { kind: 'ablation', ablation: await this.getAblation(id) };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        throw new ApiError(404, 'NOT_FOUND', `no experiment or ablation has the id ${id}`);
      }
      throw error;
    }
  }

  /** The URL a browser opens for this path (reports, Bull Board). */
  urlOf(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  /**
   * DELETE is newer than the rest of the API: a server without it answers 405, or 404 naming
   * the route (the resource itself was found by the caller's lookup, or the 404 names it).
   */
  private async cancel(path: string): Promise<unknown> {
    try {
      const response = await this.request('DELETE', path);
      const text = await response.text();
      return text ? JSON.parse(text) : undefined;
    } catch (error) {
      if (error instanceof ApiError && isMissingRoute(error)) {
        throw new ApiFeatureMissingError('cancelling (DELETE)', error.status);
      }
      throw error;
    }
  }

  /** POST with a key of its own, retried while the outcome is unknown (see SUBMIT_RETRY_DELAYS_MS). */
  private async submit<T>(path: string, body: unknown): Promise<T> {
    const key = { [IDEMPOTENCY_KEY_HEADER]: randomUUID() };
    for (let retry = 0; ; retry++) {
      try {
        return (await (await this.request('POST', path, body, this.timeoutMs, key)).json()) as T;
      } catch (error) {
        if (retry >= SUBMIT_RETRY_DELAYS_MS.length || !outcomeUnknown(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, SUBMIT_RETRY_DELAYS_MS[retry]));
      }
    }
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    return (await response.json()) as T;
  }

  /** An event stream's body: no timeout, as it stays open; the caller's signal ends it. */
  private async openStream(
    path: string,
    lastEventId: string | undefined,
    signal?: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { headers, signal });
    } catch (error) {
      throw new ApiUnreachableError(this.baseUrl, error);
    }
    if (!response.ok) throw await toApiError(response);
    if (!response.body) throw new ApiUnreachableError(this.baseUrl, new Error('empty stream'));
    return response.body;
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
    timeoutMs = this.timeoutMs,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    // FormData sets its own multipart content type, boundary included.
    const isForm = body instanceof FormData;
    if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ApiUnreachableError(this.baseUrl, error);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as {
      error?: { code?: string; message?: string; details?: unknown };
    };
    if (error?.message) {
      return new ApiError(
        response.status,
        error.code ?? `HTTP_${response.status}`,
        error.message,
        error.details,
      );
    }
  } catch {
    // Not our JSON error body (a proxy, or a route that does not exist on an older server).
  }
  const message = text.trim().slice(0, 200) || response.statusText || 'request failed';
  return new ApiError(response.status, `HTTP_${response.status}`, message);
}

function isMissingRoute(error: ApiError): boolean {
  if (error.status === 405) return true;
  return error.status === 404 && (error.code !== 'NOT_FOUND' || /^route /.test(error.message));
}
