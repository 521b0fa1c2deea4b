import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths, type BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  BACKEND_CHOICES,
  loadBackendSettings,
  type BackendChoice,
  type BackendSettings,
} from '@lenet-lab/env';
import { BackendAlreadyInitialisedError, BackendUnavailableError, TrainingError } from './errors';
import { lenetSimdKernelsFailure, registerWasmTrainingKernels } from './kernels';
import { registerWebgpuBackend, WEBGPU_BACKEND_NAME, type WebgpuSettings } from './webgpu';

export { BACKEND_CHOICES, type BackendChoice };

export interface BackendInfo {
  backend: BackendChoice;
  /** What computes, e.g. 'cpu (wasm simd, 1 thread)' or the GPU's name. */
  device: string;
  tfjsVersion: string;
}

export interface InitBackendOptions {
  /** Forces one backend (an error if it cannot run). Default: $TRAIN_BACKEND, else the fastest. */
  backend?: BackendChoice;
  /** Where TRAIN_BACKEND and the WEBGPU_* settings are read from. Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node';
const TFJS_NODE_GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
/** Both tfjs-node packages register their backend under this name. */
const TFJS_NODE_BACKEND = 'tensorflow';
const WASM_PACKAGE_FILE = '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm';
const GPU_NAME_QUERY_TIMEOUT_MS = 3000;
export const SIMD_KERNELS_WARNING_CODE = 'LENET_SIMD_KERNELS_UNAVAILABLE';
const MODULE_NOT_FOUND_CODES = ['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND'];

/**
 * The tfjs engine is process-global, so the choice is too: every caller in a process shares
 * the first initialisation, and a later request for a different backend is an error instead
 * of silently swapping the backend under a model that holds tensors on the old one.
 */
let active: { requested: BackendChoice | undefined; info: Promise<BackendInfo> } | null = null;

/** Chooses, initialises and reports the backend; idempotent within a process. */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  let settings: BackendSettings;
  try {
    settings = loadBackendSettings(options.env ?? process.env);
  } catch (error) {
    return Promise.reject(error);
  }
  const requested = options.backend ?? settings.TRAIN_BACKEND;
  if (active) {
    if (requested !== undefined && requested !== active.requested) {
      return active.info.then((info) => {
        if (info.backend === requested) return info;
        throw new BackendAlreadyInitialisedError(requested, info.backend);
      });
    }
    return active.info;
  }
  const webgpu: WebgpuSettings = {
    allowSoftware: settings.WEBGPU_ALLOW_SOFTWARE,
    adapter: settings.WEBGPU_ADAPTER,
  };
  const info = requested ? initForced(requested, webgpu) : initFastest(webgpu);
  active = { requested, info };
  // A failed initialisation must not poison the process: the next call may try again.
  info.catch(() => {
    if (active?.info === info) active = null;
  });
  return info;
}

async function initForced(choice: BackendChoice, webgpu: WebgpuSettings): Promise<BackendInfo> {
  return INITIALISERS[choice](webgpu);
}

/** Without a forced choice, webgpu is tried on a hardware GPU only, whatever the settings say. */
async function initFastest(webgpu: WebgpuSettings): Promise<BackendInfo> {
  const reasons: string[] = [];
  for (const choice of BACKEND_CHOICES) {
    try {
      return await INITIALISERS[choice]({ ...webgpu, allowSoftware: false });
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      reasons.push(error.message);
    }
  }
  throw new TrainingError('BACKEND_UNAVAILABLE', `no backend could start: ${reasons.join('; ')}`);
}

const INITIALISERS: Record<BackendChoice, (webgpu: WebgpuSettings) => Promise<BackendInfo>> = {
  'tensorflow-gpu': initTensorflowGpu,
  webgpu: initWebgpu,
  tensorflow: initTensorflow,
  wasm: initWasm,
  cpu: initCpu,
};

async function initTensorflowGpu(): Promise<BackendInfo> {
  await loadTfjsNode('tensorflow-gpu', TFJS_NODE_GPU_PACKAGE);
  const backend = tf.backend() as tf.KernelBackend & { isUsingGpuDevice?: boolean };
  if (!backend.isUsingGpuDevice) {
    throw new BackendUnavailableError(
      'tensorflow-gpu',
      `${TFJS_NODE_GPU_PACKAGE} is installed but TensorFlow found no usable GPU (CUDA/cuDNN)`,
    );
  }
  return report('tensorflow-gpu', gpuName() ?? 'gpu (CUDA)');
}

async function initWebgpu(settings: WebgpuSettings): Promise<BackendInfo> {
  const device = await registerWebgpuBackend(settings);
  await activate('webgpu', WEBGPU_BACKEND_NAME);
  return report('webgpu', device);
}

async function initTensorflow(): Promise<BackendInfo> {
  try {
    await loadTfjsNode('tensorflow', TFJS_NODE_PACKAGE);
  } catch (error) {
    // The GPU package runs on the CPU too when it finds no GPU; use it if it is the one present.
    if (!(error instanceof BackendUnavailableError)) throw error;
    await loadTfjsNode('tensorflow', TFJS_NODE_GPU_PACKAGE).catch(() => Promise.reject(error));
  }
  return report('tensorflow', 'cpu (libtensorflow)');
}

async function loadTfjsNode(choice: BackendChoice, packageName: string): Promise<void> {
  try {
    // A dynamic import keeps the package optional: it downloads libtensorflow when it
    // installs, which some machines cannot do, so nothing may depend on its types.
    await import(packageName);
  } catch (error) {
    // CommonJS and ESM loaders (tsx runs both) name a missing package differently.
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const notInstalled =
      MODULE_NOT_FOUND_CODES.includes(code) &&
      String((error as Error).message).includes(packageName);
    throw new BackendUnavailableError(
      choice,
      notInstalled ? `${packageName} is not installed` : `${packageName} failed to load: ${error}`,
    );
  }
  if (!tf.findBackendFactory(TFJS_NODE_BACKEND)) {
    throw new BackendUnavailableError(
      choice,
      `${packageName} registered its backend with another copy of @tensorflow/tfjs-core; ` +
        `install the version matching @tensorflow/tfjs-core ${tf.version_core}`,
    );
  }
  await activate(choice, TFJS_NODE_BACKEND);
}

async function initWasm(): Promise<BackendInfo> {
  let wasmDirectory: string;
  try {
    wasmDirectory = path.dirname(require.resolve(WASM_PACKAGE_FILE));
  } catch {
    throw new BackendUnavailableError('wasm', `${WASM_PACKAGE_FILE} not found`);
  }
  // In Node the emscripten loader reads a file path, so the prefix is a directory, not a URL.
  setWasmPaths(wasmDirectory + path.sep);
  registerWasmTrainingKernels();
  await activate('wasm', 'wasm');
  warnIfSimdKernelsCannotRun(tf.backend() as BackendWasm);
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = getThreadsCount();
  const plural = threads === 1 ? '' : 's';
  return report('wasm', `cpu (wasm${simd ? ' simd' : ''}, ${threads} thread${plural})`);
}

/**
 * Without our SIMD kernels every kernel takes its stock path: the same results, about half the
 * speed. Nothing else would show it, so say so once, on stderr where every process's log is.
 */
export function warnIfSimdKernelsCannotRun(backend: BackendWasm): void {
  const failure = lenetSimdKernelsFailure(backend);
  if (failure === null) return;
  process.emitWarning(
    `lenet-lab's SIMD kernels cannot run (${failure}); training on wasm falls back to the ` +
      'stock kernels: same results, about half the speed',
    { code: SIMD_KERNELS_WARNING_CODE },
  );
}

async function initCpu(): Promise<BackendInfo> {
  await activate('cpu', 'cpu');
  return report('cpu', 'cpu (plain JavaScript, 1 thread)');
}

async function activate(choice: BackendChoice, tfjsName: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(tfjsName);
  } catch (error) {
    throw new BackendUnavailableError(choice, String(error));
  }
  if (!ok) throw new BackendUnavailableError(choice, `tfjs could not initialise "${tfjsName}"`);
  await tf.ready();
}

function report(backend: BackendChoice, device: string): BackendInfo {
  return { backend, device, tfjsVersion: tf.version_core };
}

/** Best effort: TensorFlow does not tell JavaScript the GPU's name, nvidia-smi does. */
function gpuName(): string | null {
  try {
    const out = execFileSync('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader'], {
      encoding: 'utf8',
      timeout: GPU_NAME_QUERY_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const names = out.trim().split('\n').filter(Boolean);
    return names.length ? `gpu (${names.join(', ')})` : null;
  } catch {
    return null;
  }
}
