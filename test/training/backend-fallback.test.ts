import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@lenet-lab/training';

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

const TFJS_NODE_INSTALLED =
  installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

// A file of its own: the backend is chosen once per process (here, per jest module registry).
describe('initBackend without a forced choice', () => {
  (TFJS_NODE_INSTALLED ? it.skip : it)(
    'falls back past the missing tfjs-node packages to wasm',
    async () => {
      await expect(initBackend({ env: {} })).resolves.toMatchObject({ backend: 'wasm' });
      expect(tf.getBackend()).toBe('wasm');
    },
  );
});
