/// <reference types="@webgpu/types/dist" />
import { LENET, type LeNetStepLayout } from './lenet-step-layout';
import { lenetStepPlan, type BatchNormSettings, type StepPlan } from './lenet-step-plan';
import { dispatchSize } from './wgsl-common';

const STEP_UNIFORM_BYTES = 16;
const BYTES_PER_WORD = 4;
const TOTALS_WORDS = 4;

interface Prepared {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: [number, number];
}

/**
 * LeNet-5's whole training step as one WebGPU command buffer of our own kernels (about 25
 * dispatches, 35 with BatchNorm), with every pipeline and binding made once: a step costs the
 * host a few writes and one submit instead of tfjs's ~100 kernel launches, each with its own
 * uniform buffer and binding. The weights, the momentum and the epoch's loss and accuracy
 * sums stay on the device; see webgpu-epoch.ts for how they meet tfjs's variables.
 */
export class LeNetStepEngine {
  private readonly buffers = new Map<string, GPUBuffer>();
  private readonly prepared: Prepared[];
  private readonly uniforms = new ArrayBuffer(STEP_UNIFORM_BYTES);

  /**
   * Builds the step; rejects when the device refuses any part of it (WebGPU reports a bad
   * shader or pipeline only through an error scope, and would otherwise skip the dispatch).
   */
  static async create(
    device: GPUDevice,
    layout: LeNetStepLayout,
    capacity: number,
    batchNorm: BatchNormSettings,
  ): Promise<LeNetStepEngine> {
    const plan = lenetStepPlan(layout, capacity, batchNorm);
    const limit = Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize);
    const tooLarge = plan.buffers.find((buffer) => buffer.words * BYTES_PER_WORD > limit);
    if (tooLarge) {
      throw new Error(
        `its buffer ${tooLarge.name} needs ${tooLarge.words * BYTES_PER_WORD} bytes for batches ` +
          `of ${capacity}; the device binds at most ${limit}`,
      );
    }
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    let engine: LeNetStepEngine | null = null;
    let thrown: unknown = null;
    try {
      engine = new LeNetStepEngine(device, layout, capacity, plan);
    } catch (error) {
      thrown = error;
    }
    // Both scopes are popped whatever happened, so the device's error state stays balanced.
    const refused = [await device.popErrorScope(), await device.popErrorScope()].find(Boolean);
    if (thrown || refused || !engine) {
      engine?.destroy();
      throw thrown ?? new Error(refused?.message ?? 'the device refused it');
    }
    return engine;
  }

  private constructor(
    private readonly device: GPUDevice,
    readonly layout: LeNetStepLayout,
    readonly capacity: number,
    plan: StepPlan,
  ) {
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    for (const { name, words } of plan.buffers) {
      this.buffers.set(
        name,
        device.createBuffer({ label: name, size: words * BYTES_PER_WORD, usage: storage }),
      );
    }
    this.buffers.set(
      'step',
      device.createBuffer({
        label: 'step',
        size: STEP_UNIFORM_BYTES,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      }),
    );
    // Identical kernels (the same WGSL) share one module and pipeline.
    const pipelines = new Map<string, GPUComputePipeline>();
    this.prepared = plan.dispatches.map(({ label, kernel, bind, invocations }) => {
      let pipeline = pipelines.get(kernel.code);
      if (!pipeline) {
        const module = device.createShaderModule({ label, code: kernel.code });
        pipeline = device.createComputePipeline({
          label,
          layout: 'auto',
          compute: { module, entryPoint: 'main' },
        });
        pipelines.set(kernel.code, pipeline);
      }
      const names = ['step', ...kernel.buffers.map((name) => bind[name])];
      const bindGroup = device.createBindGroup({
        label,
        layout: pipeline.getBindGroupLayout(0),
        entries: names.map((name, binding) => ({
          binding,
          resource: { buffer: this.buffer(name) },
        })),
      });
      return { pipeline, bindGroup, workgroups: dispatchSize(invocations) };
    });
  }

  /** The weights (the layout's order) and the momentum of the trainable ones. */
  load(weights: Float32Array, velocity: Float32Array): void {
    this.device.queue.writeBuffer(this.buffer('weights'), 0, weights);
    this.device.queue.writeBuffer(this.buffer('velocity'), 0, velocity);
  }

  /** Zeroes the epoch's loss and accuracy sums. */
  resetTotals(): void {
    this.device.queue.writeBuffer(this.buffer('totals'), 0, new Float32Array(TOTALS_WORDS));
  }

  /**
   * One SGD step on the first `count` images of `images` (NHWC, normalised) and `labels`
   * (one-hot). Queued, not awaited: nothing is read back.
   */
  step(
    images: Float32Array,
    labels: Float32Array,
    count: number,
    learningRate: number,
    momentum: number,
  ): void {
    const { queue } = this.device;
    queue.writeBuffer(this.buffer('images'), 0, images, 0, count * LENET.image * LENET.image);
    queue.writeBuffer(this.buffer('labels'), 0, labels, 0, count * LENET.classes);
    new Uint32Array(this.uniforms, 0, 1)[0] = count;
    new Float32Array(this.uniforms, 4, 2).set([learningRate, momentum]);
    queue.writeBuffer(this.buffer('step'), 0, this.uniforms);
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (const { pipeline, bindGroup, workgroups } of this.prepared) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(workgroups[0], workgroups[1]);
    }
    pass.end();
    queue.submit([encoder.finish()]);
  }

  /** Resolves when every step queued so far has run on the device. */
  stepsDone(): Promise<unknown> {
    return this.device.queue.onSubmittedWorkDone();
  }

  /** [Σ loss·images, Σ correct, last batch's mean loss] so far this epoch. */
  async readTotals(): Promise<{ lossSum: number; correct: number; lastLoss: number }> {
    const [lossSum, correct, lastLoss] = await this.read('totals', TOTALS_WORDS);
    return { lossSum, correct, lastLoss };
  }

  async readWeights(): Promise<{ weights: Float32Array; velocity: Float32Array }> {
    const [weights, velocity] = await Promise.all([
      this.read('weights', this.layout.totalSize),
      this.read('velocity', this.layout.trainableSize),
    ]);
    return { weights, velocity };
  }

  destroy(): void {
    for (const buffer of this.buffers.values()) buffer.destroy();
    this.buffers.clear();
  }

  private buffer(name: string): GPUBuffer {
    const buffer = this.buffers.get(name);
    if (!buffer) throw new Error(`the LeNet-5 step has no buffer "${name}"`);
    return buffer;
  }

  private async read(name: string, words: number): Promise<Float32Array> {
    const bytes = words * BYTES_PER_WORD;
    const staging = this.device.createBuffer({
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(this.buffer(name), 0, staging, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ);
      return new Float32Array(staging.getMappedRange().slice(0));
    } finally {
      staging.destroy();
    }
  }
}
