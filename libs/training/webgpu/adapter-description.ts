import type { ListedAdapter } from './adapter-list';

/** What the chosen adapter says of itself (WebGPU's GPUAdapterInfo, the fields we use). */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** WebGPU's name for a CPU implementation (SwiftShader, lavapipe): Dawn sets it for those. */
  isFallbackAdapter?: boolean;
}

/** CPU implementations of Vulkan, in case a driver does not report itself as one. */
const SOFTWARE_ADAPTER_NAMES = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render/i;

const API_DISPLAY_NAMES: Record<string, string> = {
  vulkan: 'Vulkan',
  metal: 'Metal',
  d3d12: 'D3D12',
  d3d11: 'D3D11',
  opengl: 'OpenGL',
  opengles: 'OpenGL ES',
};

/** A software adapter computes on the CPU: it may run the webgpu path, but it is not a GPU. */
export function isSoftwareAdapter(listed: ListedAdapter, info: AdapterInfo): boolean {
  return (
    info.isFallbackAdapter === true ||
    SOFTWARE_ADAPTER_NAMES.test(`${listed.name} ${info.architecture} ${info.description}`)
  );
}

/**
 * The device an experiment records, e.g. 'gpu (NVIDIA H100 80GB HBM3, Vulkan; nvidia hopper,
 * NVIDIA 550.54.15)' or 'software (SwiftShader Device (Subzero), Vulkan; google swiftshader,
 * SwiftShader driver 5.0.0)': what computes, then the adapter's name and API, then its vendor,
 * architecture and driver description where the driver gives them.
 */
export function describeAdapter(listed: ListedAdapter, info: AdapterInfo): string {
  const kind = isSoftwareAdapter(listed, info) ? 'software' : 'gpu';
  const api = API_DISPLAY_NAMES[listed.backend.toLowerCase()] ?? listed.backend;
  const maker = [info.vendor, info.architecture].filter(Boolean).join(' ');
  const details = [maker, info.description].filter(Boolean).join(', ');
  return `${kind} (${listed.name}, ${api}${details ? `; ${details}` : ''})`;
}

/** Whether a recorded device string is a software adapter's (see describeAdapter). */
export function isSoftwareDevice(device: string): boolean {
  return device.startsWith('software (');
}
