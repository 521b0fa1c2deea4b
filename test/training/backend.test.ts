import * as tf from '@tensorflow/tfjs-core';
import { loadBackendSettings } from '@lenet-lab/env';
import {
  BackendAlreadyInitialisedError,
  BackendUnavailableError,
  initBackend,
  SIMD_KERNELS_WARNING_CODE,
  warnIfSimdKernelsCannotRun,
} from '@lenet-lab/training';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

const TFJS_NODE_INSTALLED = (() => {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

// Each jest test file has its own module registry, so this file starts with no backend chosen.
describe('initBackend', () => {
  it('rejects an unknown TRAIN_BACKEND, naming the variable and the choices', async () => {
    expect(() => loadBackendSettings({ TRAIN_BACKEND: 'gpu' })).toThrow(
      /TRAIN_BACKEND="gpu".*tensorflow-gpu, webgpu, tensorflow, wasm, cpu/,
    );
    expect(loadBackendSettings({ TRAIN_BACKEND: ' ' }).TRAIN_BACKEND).toBeUndefined();
    expect(loadBackendSettings({ TRAIN_BACKEND: 'cpu' }).TRAIN_BACKEND).toBe('cpu');
    await expect(initBackend({ env: { TRAIN_BACKEND: 'gpu' } })).rejects.toThrow(/TRAIN_BACKEND/);
  });

  (TFJS_NODE_INSTALLED ? it.skip : it)(
    'explains why a forced backend that is not installed cannot start',
    async () => {
      const forced = initBackend({ env: { TRAIN_BACKEND: 'tensorflow' } });
      await expect(forced).rejects.toThrow(BackendUnavailableError);
      await expect(initBackend({ backend: 'tensorflow' })).rejects.toThrow(
        /"tensorflow" is not available: @tensorflow\/tfjs-node is not installed/,
      );
    },
  );

  it('starts wasm when forced and reports device and version', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning');
    let warned: unknown[];
    const info = await initBackend({ backend: 'wasm' }).finally(() => {
      warned = emitWarning.mock.calls.map(([, options]) => options); // restoring clears them
      emitWarning.mockRestore();
    });
    // Our SIMD kernels run here, so the warning that they cannot must not appear.
    expect(warned!).not.toContainEqual({ code: SIMD_KERNELS_WARNING_CODE });
    expect(info).toEqual({
      backend: 'wasm',
      device: expect.stringMatching(/^cpu \(wasm( simd)?, 1 thread\)$/),
      tfjsVersion: tf.version_core,
    });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('warns once, naming the reason and the cost, when the SIMD kernels cannot bind', () => {
    // Jest's sandbox gives tests a copy of `process` whose 'warning' listeners never hear
    // emitWarning, so the call itself is watched.
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      // A tfjs build that hides its memory from the kernels.
      warnIfSimdKernelsCannotRun({ wasm: { asm: {} } } as unknown as BackendWasm);
      warnIfSimdKernelsCannotRun(tf.backend() as BackendWasm); // they bind here: no warning
      expect(emitWarning).toHaveBeenCalledTimes(1);
      expect(emitWarning).toHaveBeenCalledWith(
        expect.stringMatching(/does not expose its memory.*about half the speed/),
        { code: SIMD_KERNELS_WARNING_CODE },
      );
    } finally {
      emitWarning.mockRestore();
    }
  });

  it('shares the chosen backend with later callers and refuses a different one', async () => {
    await expect(initBackend()).resolves.toMatchObject({ backend: 'wasm' });
    await expect(initBackend({ backend: 'wasm' })).resolves.toMatchObject({ backend: 'wasm' });
    await expect(initBackend({ backend: 'cpu' })).rejects.toThrow(BackendAlreadyInitialisedError);
    expect(tf.getBackend()).toBe('wasm');
  });
});
