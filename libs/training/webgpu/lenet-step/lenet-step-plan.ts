import {
  IMAGES_PER_GROUP,
  batchNormGradientPartials,
  batchNormGradientSums,
  batchNormInputGradient,
  convInputGradient,
  convWeightGradientPartials,
  convWeightGradientSums,
  denseInputGradient,
  denseWeightGradient,
  maxPoolReluGradient,
  momentumUpdate,
} from './backward-kernels';
import {
  BN_ROWS_PER_GROUP,
  accumulateTotals,
  batchNormMoments,
  batchNormPartials,
  convForward,
  denseForward,
  reluMaxPool,
  softmaxCrossEntropy,
  type BatchNormShape,
  type ConvShape,
} from './forward-kernels';
import { LENET, type LeNetStepLayout } from './lenet-step-layout';
import type { KernelSource } from './wgsl-common';

/** A buffer of the step, in 32-bit words (f32 or u32). */
export interface StepBuffer {
  name: string;
  words: number;
}

/** One dispatch: a kernel, the step's buffer bound to each of its names, how many invocations. */
export interface StepDispatch {
  label: string;
  kernel: KernelSource;
  bind: Record<string, string>;
  invocations: number;
}

export interface StepPlan {
  buffers: StepBuffer[];
  dispatches: StepDispatch[];
}

export interface BatchNormSettings {
  momentum: number;
  epsilon: number;
}

/**
 * Every buffer and dispatch of one training step of createLeNet5's network for batches of up
 * to `capacity` images, in order: forward, loss, backward, SGD update. Pure.
 */
export function lenetStepPlan(
  layout: LeNetStepLayout,
  capacity: number,
  batchNorm: BatchNormSettings,
): StepPlan {
  const o = layout.offsets;
  const bn = layout.batchNorm;
  const convs: [ConvShape, ConvShape] = [
    {
      inSize: LENET.image,
      inChannels: 1,
      kernel: LENET.kernel,
      outSize: LENET.conv1Size,
      outChannels: LENET.conv1,
    },
    {
      inSize: LENET.pool1Size,
      inChannels: LENET.conv1,
      kernel: LENET.kernel,
      outSize: LENET.conv2Size,
      outChannels: LENET.conv2,
    },
  ];
  const outWords = (s: ConvShape) => capacity * s.outSize * s.outSize * s.outChannels;
  const pooledWords = (s: ConvShape) => outWords(s) / 4;
  const bnShape = (s: ConvShape): BatchNormShape => ({
    positions: s.outSize * s.outSize,
    channels: s.outChannels,
    groups: Math.ceil((capacity * s.outSize * s.outSize) / BN_ROWS_PER_GROUP),
  });
  const bnOffsets = (layer: 'bn1' | 'bn2') => ({
    gamma: o[`${layer}/gamma`],
    beta: o[`${layer}/beta`],
    movingMean: o[`${layer}/moving_mean`],
    movingVariance: o[`${layer}/moving_variance`],
  });
  const convGroups = Math.ceil(capacity / IMAGES_PER_GROUP);
  const filterWords = (s: ConvShape) =>
    s.kernel * s.kernel * s.inChannels * s.outChannels + s.outChannels;

  const buffers: StepBuffer[] = [
    { name: 'images', words: capacity * LENET.image * LENET.image },
    { name: 'labels', words: capacity * LENET.classes },
    { name: 'weights', words: layout.totalSize },
    { name: 'grads', words: layout.trainableSize },
    { name: 'velocity', words: layout.trainableSize },
    { name: 'h1', words: capacity * LENET.fc1 },
    { name: 'h2', words: capacity * LENET.fc2 },
    { name: 'logits', words: capacity * LENET.classes },
    { name: 'dLogits', words: capacity * LENET.classes },
    { name: 'sampleLoss', words: capacity },
    { name: 'sampleCorrect', words: capacity },
    // Σ loss·images and Σ correct over the epoch, and the last batch's mean loss.
    { name: 'totals', words: 4 },
    { name: 'dh2', words: capacity * LENET.fc2 },
    { name: 'dh1', words: capacity * LENET.fc1 },
  ];
  const dispatches: StepDispatch[] = [];
  const add = (
    label: string,
    kernel: KernelSource,
    bind: Record<string, string>,
    invocations: number,
  ) => dispatches.push({ label, kernel, bind, invocations });

  // Forward, one convolution block at a time: conv → [BatchNorm] → ReLU → max-pool.
  const blockInputs = ['images', 'pooled1'];
  convs.forEach((shape, i) => {
    const n = i + 1;
    const conv = { kernel: o[`conv${n}/kernel`], bias: o[`conv${n}/bias`] };
    buffers.push(
      { name: `z${n}`, words: outWords(shape) },
      { name: `pooled${n}`, words: pooledWords(shape) },
      { name: `argmax${n}`, words: pooledWords(shape) },
    );
    add(
      `conv${n}`,
      convForward(shape, conv),
      { x: blockInputs[i], weights: 'weights', z: `z${n}` },
      outWords(shape),
    );
    const settings = bn
      ? { offsets: bnOffsets(`bn${n}` as 'bn1' | 'bn2'), epsilon: batchNorm.epsilon }
      : null;
    if (settings) {
      const s = bnShape(shape);
      buffers.push(
        { name: `bnPartials${n}`, words: s.groups * 2 * s.channels },
        { name: `bnStats${n}`, words: 4 * s.channels },
      );
      add(
        `bn${n} partial sums`,
        batchNormPartials(s),
        { z: `z${n}`, partials: `bnPartials${n}` },
        s.groups * s.channels,
      );
      add(
        `bn${n} moments`,
        batchNormMoments(s, settings.offsets, batchNorm.momentum),
        { z: `z${n}`, partials: `bnPartials${n}`, stats: `bnStats${n}`, weights: 'weights' },
        s.channels,
      );
    }
    add(
      `relu${n} + pool${n}`,
      reluMaxPool({ convSize: shape.outSize, channels: shape.outChannels }, settings),
      {
        z: `z${n}`,
        weights: 'weights',
        pooled: `pooled${n}`,
        argmax: `argmax${n}`,
        stats: `bnStats${n}`,
      },
      pooledWords(shape),
    );
  });

  const dense = [
    { n: 1, inputs: LENET.flat, units: LENET.fc1, x: 'pooled2', out: 'h1', relu: true },
    { n: 2, inputs: LENET.fc1, units: LENET.fc2, x: 'h1', out: 'h2', relu: true },
    { n: 3, inputs: LENET.fc2, units: LENET.classes, x: 'h2', out: 'logits', relu: false },
  ];
  const denseAt = (n: number) => ({ kernel: o[`fc${n}/kernel`], bias: o[`fc${n}/bias`] });
  for (const d of dense) {
    add(
      `fc${d.n}`,
      denseForward(d, denseAt(d.n)),
      { x: d.x, weights: 'weights', out: d.out },
      capacity * d.units,
    );
  }
  add(
    'softmax cross-entropy',
    softmaxCrossEntropy(LENET.classes),
    {
      logits: 'logits',
      labels: 'labels',
      dLogits: 'dLogits',
      sampleLoss: 'sampleLoss',
      sampleCorrect: 'sampleCorrect',
    },
    capacity,
  );
  add(
    'totals',
    accumulateTotals(),
    { sampleLoss: 'sampleLoss', sampleCorrect: 'sampleCorrect', totals: 'totals' },
    1,
  );

  // Backward through the dense layers: each layer's weight gradient, then its input's.
  buffers.push({ name: 'dPooled2', words: capacity * LENET.flat });
  const upstream = ['dh1', 'dh2', 'dLogits'];
  for (const d of [...dense].reverse()) {
    const dOut = upstream[d.n - 1];
    add(
      `fc${d.n} weight gradient`,
      denseWeightGradient(d, denseAt(d.n)),
      { x: d.x, d: dOut, grads: 'grads' },
      (d.inputs + 1) * d.units,
    );
    const dIn = d.n === 1 ? 'dPooled2' : upstream[d.n - 2];
    add(
      `fc${d.n} input gradient`,
      denseInputGradient({ ...d, reluMask: d.n > 1 }, denseAt(d.n)),
      { d: dOut, weights: 'weights', dx: dIn, x: d.x },
      capacity * d.inputs,
    );
  }

  // Backward through the convolution blocks, the second first.
  buffers.push({ name: 'dPooled1', words: pooledWords(convs[0]) });
  for (const n of [2, 1]) {
    const shape = convs[n - 1];
    const settings = bn
      ? { offsets: bnOffsets(`bn${n}` as 'bn1' | 'bn2'), epsilon: batchNorm.epsilon }
      : null;
    // Without BatchNorm the ReLU's input is the convolution's output: one gradient buffer.
    const dz = `dz${n}`;
    const dActivation = settings ? `dy${n}` : dz;
    buffers.push({ name: dz, words: outWords(shape) });
    if (settings) buffers.push({ name: dActivation, words: outWords(shape) });
    add(
      `pool${n} + relu${n} gradient`,
      maxPoolReluGradient({ convSize: shape.outSize, channels: shape.outChannels }, settings),
      {
        dPooled: `dPooled${n}`,
        argmax: `argmax${n}`,
        z: `z${n}`,
        weights: 'weights',
        stats: `bnStats${n}`,
        dOut: dActivation,
      },
      outWords(shape),
    );
    if (settings) {
      const s = bnShape(shape);
      add(
        `bn${n} gradient partial sums`,
        batchNormGradientPartials(s, settings.epsilon),
        { dy: dActivation, z: `z${n}`, stats: `bnStats${n}`, partials: `bnPartials${n}` },
        s.groups * s.channels,
      );
      add(
        `bn${n} gradient sums`,
        batchNormGradientSums(s, settings.offsets),
        { partials: `bnPartials${n}`, stats: `bnStats${n}`, grads: 'grads' },
        s.channels,
      );
      add(
        `bn${n} input gradient`,
        batchNormInputGradient(s, settings.offsets, settings.epsilon),
        { dy: dActivation, z: `z${n}`, stats: `bnStats${n}`, weights: 'weights', dz },
        outWords(shape),
      );
    }
    const conv = { kernel: o[`conv${n}/kernel`], bias: o[`conv${n}/bias`] };
    buffers.push({ name: `convPartials${n}`, words: convGroups * filterWords(shape) });
    add(
      `conv${n} weight gradient partial sums`,
      convWeightGradientPartials(shape, convGroups),
      { x: blockInputs[n - 1], dz, partials: `convPartials${n}` },
      convGroups * filterWords(shape),
    );
    add(
      `conv${n} weight gradient sums`,
      convWeightGradientSums(shape, conv),
      { partials: `convPartials${n}`, grads: 'grads' },
      filterWords(shape),
    );
    // The images need no gradient: conv1's input gradient is never computed.
    if (n === 2) {
      add(
        'conv2 input gradient',
        convInputGradient(shape, conv),
        { dz, weights: 'weights', dx: 'dPooled1' },
        pooledWords(convs[0]),
      );
    }
  }

  add(
    'momentum update',
    momentumUpdate(layout.trainableSize),
    { grads: 'grads', velocity: 'velocity', weights: 'weights' },
    layout.trainableSize,
  );
  return { buffers, dispatches };
}
