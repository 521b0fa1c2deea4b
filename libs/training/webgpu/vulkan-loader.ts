import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';

/**
 * On Linux, Dawn reaches GPUs through Vulkan: it opens the Vulkan loader (libvulkan.so.1),
 * which finds the drivers (ICDs) from their JSON manifests. Debian's `libvulkan1` installs the
 * loader; Debian's `chromium` ships its own copy and SwiftShader, a Vulkan driver that runs on
 * the CPU, in its library folder. These helpers find them so that a machine with Chromium but
 * no GPU can run the webgpu path in tests.
 */

export const VULKAN_LOADER = 'libvulkan.so.1';
const SWIFTSHADER_MANIFEST = 'vk_swiftshader_icd.json';

/** Where Chromium packages keep their libraries (Debian, Ubuntu's deb, Fedora). */
export const CHROMIUM_LIBRARY_DIRS = [
  '/usr/lib/chromium',
  '/usr/lib/chromium-browser',
  '/usr/lib64/chromium-browser',
];

/**
 * Variables with which the loader is told where drivers are. When one is set, the user has
 * chosen the drivers and nothing is added.
 */
const DRIVER_LIST_VARIABLES = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES'];

/** glibc's RTLD_NODELETE, which Node does not export: dlclose leaves the library loaded. */
const RTLD_NODELETE = 0x1000;
/** What Node says after dlopen succeeded on a library that is not a Node addon. */
const NOT_AN_ADDON = 'did not self-register';

export type LoaderSource = 'system' | 'chromium';

/**
 * Loads a Vulkan loader into the process and keeps it there, so that Dawn's own
 * dlopen("libvulkan.so.1") finds it by its soname: the system's if there is one, else (only
 * when `chromiumFallback`) Chromium's. Returns which, or null when neither could be loaded;
 * `reasons` collects why.
 */
export function loadVulkanLoader(
  chromiumFallback: boolean,
  reasons: string[],
): LoaderSource | null {
  if (tryLoad(VULKAN_LOADER, reasons)) return 'system';
  if (!chromiumFallback) return null;
  for (const dir of CHROMIUM_LIBRARY_DIRS) {
    const candidate = path.join(dir, VULKAN_LOADER);
    if (existsSync(candidate) && tryLoad(candidate, reasons)) return 'chromium';
  }
  return null;
}

function tryLoad(library: string, reasons: string[]): boolean {
  try {
    // Node's dlopen loads the library, finds no addon in it and closes it; RTLD_NODELETE keeps
    // it mapped, and a later dlopen of its soname (Dawn's) gets this copy.
    process.dlopen({ exports: {} }, library, constants.dlopen.RTLD_NOW | RTLD_NODELETE);
    return true;
  } catch (error) {
    const message = String((error as Error).message);
    if (message.includes(NOT_AN_ADDON)) return true;
    reasons.push(message.trim());
    return false;
  }
}

/**
 * Adds Chromium's SwiftShader to the drivers the loader will find (beside any hardware one),
 * unless the user has listed drivers already. Returns the manifest added, or null.
 */
export function addSwiftShaderDriver(env: NodeJS.ProcessEnv): string | null {
  if (DRIVER_LIST_VARIABLES.some((name) => env[name]?.trim())) return null;
  const manifest = findSwiftShaderManifest();
  if (manifest) env.VK_ADD_DRIVER_FILES = manifest;
  return manifest;
}

export function findSwiftShaderManifest(): string | null {
  for (const dir of CHROMIUM_LIBRARY_DIRS) {
    const manifest = path.join(dir, SWIFTSHADER_MANIFEST);
    if (existsSync(manifest)) return manifest;
  }
  return null;
}
