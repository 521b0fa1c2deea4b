import { resolveConfig, type ExperimentConfig } from '@lenet-lab/config';
import type { Logger } from '@lenet-lab/logger';
import type { Dataset } from '@lenet-lab/mnist';
import { train, type LayersModelArtifacts } from '@lenet-lab/training';

/**
 * The seed's two LeNet-5 architectures and every path the presets train (augmentation,
 * BatchNorm, evaluation): the baseline and the BatchNorm preset, on a few batches. The model
 * options (tanh, average pooling, dropout, widths, Adam) are left to their first experiment,
 * whose latency is measured when its model is kept.
 */
const WARM_UP_PRESETS = ['baseline', 'batchnorm'];
const WARM_UP_OVERRIDES = { trainLimit: 640, testLimit: 256, epochs: 1 };

/**
 * A short training run of each architecture before the worker takes jobs (~0.7 s on wasm);
 * returns the networks it trained, one per architecture, for the latency measurement.
 * A fresh process's first experiment otherwise pays for V8 compiling the training code and
 * for reading MNIST, on top of its own work; with one worker per core that compiling no longer
 * has a spare core, and two fresh workers' first experiments took ~1.4× as long as their
 * later ones (docs/performance.md). A failure is logged and the worker starts anyway: the
 * first experiment then warms up instead, or reports its own error.
 */
export async function warmUpTraining(
  loadDataset: (limits: Pick<ExperimentConfig, 'trainLimit' | 'testLimit'>) => Promise<Dataset>,
  logger: Logger,
): Promise<LayersModelArtifacts[]> {
  const started = performance.now();
  let dataset: Dataset;
  try {
    dataset = await loadDataset(WARM_UP_OVERRIDES);
  } catch (error) {
    logger.warn({ err: error }, 'could not warm up training at start-up');
    return [];
  }
  // Each preset on its own: one that fails still leaves the other's network to time.
  const trained: LayersModelArtifacts[] = [];
  for (const preset of WARM_UP_PRESETS) {
    try {
      const config = resolveConfig({ preset, overrides: WARM_UP_OVERRIDES });
      const { models } = await train({ config, dataset });
      if (models) trained.push(models.final);
    } catch (error) {
      logger.warn({ err: error, preset }, 'could not warm up training at start-up');
    }
  }
  logger.info(
    { presets: WARM_UP_PRESETS, seconds: (performance.now() - started) / 1000 },
    'training warmed up',
  );
  return trained;
}
