import { OPTIMIZER_DEFAULTS, SEED_MODEL, type ExperimentConfig } from '@lenet-lab/config';

/**
 * Whether webgpu's fused LeNet-5 training step (webgpu/lenet-step) trains this config: it is
 * written for the seed's network (with or without BatchNorm) and SGD with momentum, and nothing
 * else. Its weights buffer would accept a tanh, average-pooling or dropout network (their
 * weights have the seed's shapes) and train it as the seed's, so those must not reach it.
 */
export function fusedStepApplies(config: Pick<ExperimentConfig, 'model' | 'optimizer'>): boolean {
  const { model, optimizer } = config;
  return (
    model.activation === SEED_MODEL.activation &&
    model.pooling === SEED_MODEL.pooling &&
    model.dropout === SEED_MODEL.dropout &&
    (Object.keys(SEED_MODEL.width) as (keyof typeof SEED_MODEL.width)[]).every(
      (layer) => model.width[layer] === SEED_MODEL.width[layer],
    ) &&
    optimizer.type === 'sgd' &&
    optimizer.weightDecay === OPTIMIZER_DEFAULTS.weightDecay
  );
}
