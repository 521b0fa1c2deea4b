import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';

/** Every binary-data constructor whose instances cross between Node's realm and Jest's. */
const BINARY_DATA_GLOBALS = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

/**
 * Jest's node environment runs tests in their own realm, with their own Float32Array.
 * onnxruntime-node's native binding returns output data as Node-realm typed arrays, and
 * onnxruntime-common (loaded in the test realm) rejects them with "A float32 tensor's data
 * must be type of function Float32Array()" because `instanceof` fails across realms. Sharing
 * Node's constructors makes both sides the same realm for binary data.
 */
export default class OnnxRuntimeEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    for (const name of BINARY_DATA_GLOBALS) this.global[name] = globalThis[name] as never;
  }
}
