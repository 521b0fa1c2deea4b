/**
 * Training-mode BatchNorm over every axis but the last, as two kernels of our own, which each
 * backend that runs them registers (wasm-batch-norm-training.ts, webgpu/kernels):
 *
 *   BatchNormTraining      (x, gamma, beta; epsilon) → (y, mean, variance)
 *   BatchNormTrainingGrad  (dy, x, gamma, mean, variance; epsilon) → (dx, dgamma, dbeta)
 *
 * with x̂ = (x − μ)·σ⁻¹, σ = √(var + ε), var the biased batch variance (as tfjs's moments):
 *   y = γ·x̂ + β,   dβ = Σdy,   dγ = Σdy·x̂,   dx = γ·σ⁻¹·(dy − Σdy/N − x̂·Σ(dy·x̂)/N).
 * tfjs differentiates its composite of moments and batchNorm instead: ~25 kernels per layer
 * and step, several of them broadcasts and reductions over the whole activation.
 */
export const BATCH_NORM_TRAINING = 'LenetLabBatchNormTraining';
export const BATCH_NORM_TRAINING_GRAD = 'LenetLabBatchNormTrainingGrad';

export interface BatchNormTrainingAttrs {
  epsilon: number;
}
