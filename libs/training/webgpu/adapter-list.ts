/**
 * Dawn's node binding has no call that lists adapters: `requestAdapter` returns one. But when
 * the `adapter=<name>` flag matches none, it rejects with the list ("Available adapters:" and
 * one ` * backend: '<api>', name: '<device>'` line per adapter, in the order it picks from).
 * These pure functions read that list and choose from it.
 */

/** One adapter as Dawn lists it: its graphics API and the driver's full device name. */
export interface ListedAdapter {
  /** Dawn's name for the API: 'vulkan', 'metal', 'd3d12', … */
  backend: string;
  /** The driver's device name, e.g. 'NVIDIA H100 80GB HBM3' (the JS GPUAdapterInfo has a slug). */
  name: string;
}

/** Which adapter WEBGPU_ADAPTER asks for: a position in Dawn's list, or part of a name. */
export type AdapterSelector = { index: number } | { nameContains: string };

const LISTED_ADAPTER = /^\s*\*\s*backend:\s*'([^']*)',\s*name:\s*'(.*)'\s*$/;
const LIST_HEADING = 'Available adapters:';

/** The adapters in Dawn's rejection message, in its order; null if the message has no list. */
export function parseAdapterList(message: string): ListedAdapter[] | null {
  const start = message.indexOf(LIST_HEADING);
  if (start < 0) return null;
  return message
    .slice(start + LIST_HEADING.length)
    .split('\n')
    .map((line) => LISTED_ADAPTER.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ backend: match[1], name: match[2] }));
}

/** A digit string is an index; anything else is part of a name, as Dawn's own flag matches. */
export function parseAdapterSelector(value: string): AdapterSelector {
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) ? { index: Number(trimmed) } : { nameContains: trimmed };
}

export class AdapterSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdapterSelectionError';
  }
}

/**
 * The position in `adapters` that `selector` picks (the first, without one). Dawn selects an
 * adapter only by a substring of its name and takes the first match, so an adapter that an
 * earlier one's name also matches (two identical GPUs) cannot be reached: that is an error
 * that says how to give each worker one GPU instead.
 */
export function chooseAdapter(
  adapters: readonly ListedAdapter[],
  selector: AdapterSelector | null,
): number {
  if (adapters.length === 0) throw new AdapterSelectionError('Dawn found no adapter');
  if (selector === null) return 0;
  if ('nameContains' in selector) {
    const found = adapters.findIndex((adapter) => adapter.name.includes(selector.nameContains));
    if (found < 0) {
      throw new AdapterSelectionError(
        `no adapter's name contains "${selector.nameContains}"; adapters: ${formatAdapterList(adapters)}`,
      );
    }
    return found;
  }
  const { index } = selector;
  if (index >= adapters.length) {
    throw new AdapterSelectionError(
      `there is no adapter ${index}; adapters: ${formatAdapterList(adapters)}`,
    );
  }
  const shadowedBy = adapters
    .slice(0, index)
    .findIndex((earlier) => earlier.name.includes(adapters[index].name));
  if (shadowedBy >= 0) {
    throw new AdapterSelectionError(
      `adapter ${index} ("${adapters[index].name}") has the same name as adapter ${shadowedBy}, ` +
        'and Dawn can select only the first of adapters with the same name; give each worker ' +
        'its own GPU instead (NVIDIA_VISIBLE_DEVICES=<n> in a container, as docker-compose.yml does)',
    );
  }
  return index;
}

export function formatAdapterList(adapters: readonly ListedAdapter[]): string {
  if (adapters.length === 0) return 'none';
  return adapters.map((adapter, i) => `${i}: ${adapter.name} (${adapter.backend})`).join(', ');
}
