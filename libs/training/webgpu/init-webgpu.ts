import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../errors';
import { describeAdapter, isSoftwareAdapter } from './adapter-description';
import {
  AdapterSelectionError,
  chooseAdapter,
  formatAdapterList,
  parseAdapterList,
  parseAdapterSelector,
  type ListedAdapter,
} from './adapter-list';
import { loadDawn, type DawnAdapter, type DawnDevice, type DawnGpu, type DawnModule } from './dawn';
import { addSwiftShaderDriver, loadVulkanLoader, VULKAN_LOADER } from './vulkan-loader';

export const WEBGPU_BACKEND_NAME = 'webgpu';

export interface WebgpuSettings {
  /** A software adapter (SwiftShader, lavapipe) may be used; else only a hardware GPU. */
  allowSoftware: boolean;
  /** WEBGPU_ADAPTER: an index in Dawn's adapter list, or part of an adapter's name. */
  adapter?: string;
}

/** Dawn's backend that accepts every call and computes nothing (for its own tests). */
const NULL_DAWN_BACKEND = 'null';
/** A name no adapter has: Dawn then rejects with its list of adapters (see adapter-list.ts). */
const LIST_ADAPTERS_FLAG = 'adapter=lenet-lab: list the adapters';
/** tfjs's own choice; the webgpu factory's priority only matters to tf.ready() without a name. */
const WEBGPU_PRIORITY = 3;

/**
 * Finds the adapter the settings ask for, opens a device on it and registers tfjs's webgpu
 * backend on that device (not activated: the caller does). Returns the device string an
 * experiment records. Throws BackendUnavailableError naming what is missing; it never falls
 * back to anything that is not what was asked for.
 */
export async function registerWebgpuBackend(settings: WebgpuSettings): Promise<string> {
  prepareVulkan(settings);
  let dawn: DawnModule;
  try {
    dawn = loadDawn();
  } catch (error) {
    throw unavailable(`the webgpu package (Dawn) could not load: ${(error as Error).message}`);
  }
  const adapters = await listAdapters(dawn);
  if (adapters.length === 0) throw unavailable(noAdapterReason(settings));
  let listed: ListedAdapter;
  try {
    const selector = settings.adapter ? parseAdapterSelector(settings.adapter) : null;
    listed = adapters[chooseAdapter(adapters, selector)];
  } catch (error) {
    if (!(error instanceof AdapterSelectionError)) throw error;
    throw unavailable(`WEBGPU_ADAPTER=${settings.adapter}: ${error.message}`);
  }
  if (listed.backend === NULL_DAWN_BACKEND) {
    throw unavailable("Dawn's null backend (DAWNNODE_BACKEND=null) computes nothing");
  }
  const gpu = dawn.create([`adapter=${listed.name}`]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw unavailable(`Dawn listed "${listed.name}" but would not open it`);
  if (isSoftwareAdapter(listed, adapter.info) && !settings.allowSoftware) {
    throw unavailable(
      `"${listed.name}" is a software adapter (it computes on the CPU), not a GPU ` +
        `(adapters: ${formatAdapterList(adapters)}); set WEBGPU_ALLOW_SOFTWARE=1 to train on ` +
        'it anyway (slow; for tests and CI)',
    );
  }
  const device = await adapter.requestDevice(deviceDescriptor(adapter));
  watchForDeviceLoss(device, listed.name);
  await registerWebgpuDevice(dawn, gpu, adapter, device);
  return describeAdapter(listed, adapter.info);
}

/**
 * Registers tfjs's webgpu backend on an open device, with our kernels (not activated). Apart
 * from registerWebgpuBackend, only the bench calls it: on Dawn's null adapter, whose device
 * computes nothing, to time what a training step costs the host.
 */
export async function registerWebgpuDevice(
  dawn: DawnModule,
  gpu: DawnGpu,
  adapter: DawnAdapter,
  device: DawnDevice,
): Promise<void> {
  exposeAsBrowserGlobals(dawn, gpu);
  // Loaded here, not at the top: tfjs's webgpu backend, which other backends never use.
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  if (tf.findBackendFactory(WEBGPU_BACKEND_NAME)) tf.removeBackend(WEBGPU_BACKEND_NAME);
  tf.registerBackend(
    WEBGPU_BACKEND_NAME,
    // Dawn's objects are WebGPU's; tfjs types them with its own copy of @webgpu/types.
    () => new WebGPUBackend(device as never, adapter.info as never),
    WEBGPU_PRIORITY,
  );
  const { registerWebgpuTrainingKernels } = await import('./kernels');
  registerWebgpuTrainingKernels();
}

/**
 * tfjs's webgpu backend expects a browser: it checks for `navigator.gpu` and reads
 * GPUBufferUsage and its kin as globals. The reference also keeps Dawn's instance alive for as
 * long as the process trains.
 */
function exposeAsBrowserGlobals(dawn: DawnModule, gpu: DawnGpu): void {
  Object.assign(globalThis, dawn.globals);
  const scope = globalThis as { navigator?: object };
  // Node 21+ has a navigator of its own (without gpu); Node 20 has none.
  if (scope.navigator)
    Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
  else scope.navigator = { gpu };
}

/** Linux reaches GPUs through Vulkan: a loader first, and SwiftShader when software may run. */
function prepareVulkan(settings: WebgpuSettings): void {
  if (process.platform !== 'linux') return;
  const reasons: string[] = [];
  if (!loadVulkanLoader(settings.allowSoftware, reasons)) {
    throw unavailable(
      `no Vulkan loader (${VULKAN_LOADER}): install the GPU's Vulkan driver and a loader ` +
        '(Debian: libvulkan1)' +
        (settings.allowSoftware
          ? ", or Debian's chromium for SwiftShader"
          : "; without a GPU, WEBGPU_ALLOW_SOFTWARE=1 runs it on SwiftShader from Debian's chromium") +
        ` (${reasons.join('; ')})`,
    );
  }
  if (settings.allowSoftware) addSwiftShaderDriver(process.env);
}

async function listAdapters(dawn: DawnModule): Promise<ListedAdapter[]> {
  let message: string;
  try {
    const matched = await dawn.create([LIST_ADAPTERS_FLAG]).requestAdapter({
      powerPreference: 'high-performance',
    });
    if (matched === null) return [];
    throw unavailable('Dawn did not list its adapters (an adapter matched a name none should)');
  } catch (error) {
    if (error instanceof BackendUnavailableError) throw error;
    message = String((error as Error)?.message ?? error);
  }
  const adapters = parseAdapterList(message);
  if (adapters === null) throw unavailable(`could not read Dawn's adapters: ${message}`);
  return adapters;
}

function noAdapterReason(settings: WebgpuSettings): string {
  const where = process.platform === 'linux' ? ' through Vulkan (is its driver installed?)' : '';
  if (!settings.allowSoftware) {
    return (
      `Dawn found no GPU${where}; a machine without one can run the webgpu path on ` +
      "SwiftShader (Debian's chromium) with WEBGPU_ALLOW_SOFTWARE=1"
    );
  }
  return `Dawn found no adapter${where}, and no SwiftShader (install Debian's chromium)`;
}

/** tfjs's own request: the adapter's limits for its large matmuls and reductions. */
export function deviceDescriptor(adapter: DawnAdapter) {
  const limits = adapter.limits;
  return {
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  };
}

/**
 * A lost device (driver reset, GPU removed) fails every later kernel with errors that do not
 * say why; say it once, where the worker's log is.
 */
function watchForDeviceLoss(device: DawnDevice, name: string): void {
  void device.lost.then((info) => {
    if (info.reason === 'destroyed') return;
    process.emitWarning(`the WebGPU device on "${name}" was lost: ${info.message}`, {
      code: 'LENET_WEBGPU_DEVICE_LOST',
    });
  });
}

function unavailable(reason: string): BackendUnavailableError {
  return new BackendUnavailableError(WEBGPU_BACKEND_NAME, reason);
}
