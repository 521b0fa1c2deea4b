/**
 * Where the API serves an experiment's models, in one place: the API's JSON links, the report's
 * links and the CLI all name these paths. Pure and dependency-free, so the report library (which
 * does no I/O) can import it on its own.
 */

/** The API's experiments collection; every path below is relative to the API's origin. */
const EXPERIMENTS_API_PATH = '/api/experiments';

/** The weights file's name next to model.json; tfjs resolves it against model.json's URL. */
export const WEIGHTS_FILE = 'model.weights.bin';

export interface ModelPaths {
  /** The experiment's kept models, summarised. */
  models: string;
  /** model.json: `tf.loadLayersModel` fetches the weights from beside it, query kept. */
  tfjs: string;
  weights: string;
  onnx: string;
  predict: string;
}

/** `/api/experiments/<id>`, the id percent-encoded as one path segment. */
export function experimentPath(experimentId: string): string {
  return `${EXPERIMENTS_API_PATH}/${pathSegment(experimentId)}`;
}

/**
 * The download paths of one experiment's models under `experimentUrl`; with a variant each
 * names it, so a link fetches exactly those weights whatever the API's default variant is.
 */
export function modelPaths(experimentUrl: string, variant?: string): ModelPaths {
  const query = variant === undefined ? '' : `?variant=${encodeURIComponent(variant)}`;
  return {
    models: `${experimentUrl}/models`,
    tfjs: `${experimentUrl}/model${query}`,
    weights: `${experimentUrl}/${WEIGHTS_FILE}${query}`,
    onnx: `${experimentUrl}/model.onnx${query}`,
    predict: `${experimentUrl}/predict${query}`,
  };
}

/** Percent-encoded as RFC 3986 asks, parentheses too, which would end a Markdown link. */
function pathSegment(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
