import { resolveConfig, type ExperimentConfig } from '@lenet-lab/config';
import type { Logger } from '@lenet-lab/logger';
import type { Dataset } from '@lenet-lab/mnist';
import { train } from '@lenet-lab/training';

/**
 * Both LeNet-5 architectures and every training path (augmentation, BatchNorm, evaluation):
 * the seed's baseline and the BatchNorm preset, on a few batches.
 */
const WARM_UP_PRESETS = ['baseline', 'batchnorm'];
const WARM_UP_OVERRIDES = { trainLimit: 640, testLimit: 256, epochs: 1 };

/**
 * A short training run of each architecture before the worker takes jobs (~0.5 s on wasm).
 * A fresh process's first experiment otherwise pays for V8 compiling the training code and
 * for reading MNIST, on top of its own work; with one worker per core that compiling no longer
 * has a spare core, and two fresh workers' first experiments took ~1.4× as long as their
 * later ones (docs/performance.md). A failure is logged and the worker starts anyway: the
 * first experiment then warms up instead, or reports its own error.
 */
export async function warmUpTraining(
  loadDataset: (limits: Pick<ExperimentConfig, 'trainLimit' | 'testLimit'>) => Promise<Dataset>,
  logger: Logger,
): Promise<void> {
  const started = performance.now();
  try {
    const dataset = await loadDataset(WARM_UP_OVERRIDES);
    for (const preset of WARM_UP_PRESETS) {
      await train({ config: resolveConfig({ preset, overrides: WARM_UP_OVERRIDES }), dataset });
    }
    logger.info(
      { presets: WARM_UP_PRESETS, seconds: (performance.now() - started) / 1000 },
      'training warmed up',
    );
  } catch (error) {
    logger.warn({ err: error }, 'could not warm up training at start-up');
  }
}
