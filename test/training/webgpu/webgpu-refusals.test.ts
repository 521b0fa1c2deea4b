import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, initBackend } from '@lenet-lab/training';

// A file of its own: the process's backend is chosen once per module registry, and the last
// test here settles it on wasm.
describe('the webgpu backend on a machine without a GPU', () => {
  it('refuses to start without WEBGPU_ALLOW_SOFTWARE, naming what is missing', async () => {
    const forced = initBackend({ env: { TRAIN_BACKEND: 'webgpu' } });
    await expect(forced).rejects.toThrow(BackendUnavailableError);
    // Which problem depends on the machine: no Vulkan loader at all, or only SwiftShader.
    await expect(initBackend({ env: { TRAIN_BACKEND: 'webgpu' } })).rejects.toThrow(
      /backend "webgpu" is not available: (no Vulkan loader .*WEBGPU_ALLOW_SOFTWARE=1|.*is a software adapter .*not a GPU.*WEBGPU_ALLOW_SOFTWARE=1)/,
    );
  });

  it('names the adapters there are when WEBGPU_ADAPTER asks for another', async () => {
    const env = { TRAIN_BACKEND: 'webgpu', WEBGPU_ALLOW_SOFTWARE: '1', WEBGPU_ADAPTER: '7' };
    await expect(initBackend({ env })).rejects.toThrow(
      /WEBGPU_ADAPTER=7: there is no adapter 7; adapters: 0: SwiftShader Device \(Subzero\) \(vulkan\)/,
    );
  });

  it('rejects a WEBGPU_ALLOW_SOFTWARE that is not a flag', async () => {
    await expect(initBackend({ env: { WEBGPU_ALLOW_SOFTWARE: 'yes' } })).rejects.toThrow(
      /WEBGPU_ALLOW_SOFTWARE must be 1, 0, true or false/,
    );
  });

  it('never picks a software adapter by itself, even where one is allowed', async () => {
    const info = await initBackend({ env: { WEBGPU_ALLOW_SOFTWARE: '1' } });
    expect(info.backend).not.toBe('webgpu');
    expect(tf.getBackend()).toBe(info.backend);
  });
});
