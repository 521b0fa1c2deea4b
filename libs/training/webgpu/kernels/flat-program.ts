import type { TensorInfo } from '@tensorflow/tfjs-core';
import {
  webgpu_util,
  type WebGPUBackend,
  type WebGPUProgram,
} from '@tensorflow/tfjs-backend-webgpu';

/** Invocations per workgroup for our programs: a multiple of every GPU's SIMD width. */
export const WORKGROUP_SIZE = 64;

export interface FlatProgramSpec {
  /** Identifies the WGSL: every constant baked into `main` must be part of it. */
  shaderKey: string;
  outputShape: number[];
  /** The inputs' names in WGSL, in the order `inputs` gives the tensors. */
  variableNames: string[];
  /** Values that vary between calls of one shader, read as `uniforms.<name>` (f32). */
  uniforms?: Record<string, number>;
  /**
   * WGSL defining `fn main(index : i32)`, run once per output element (index < uniforms.size);
   * it reads the inputs as `array<f32>` by name and writes `result[index]`.
   */
  main: string;
}

/**
 * Runs a tfjs webgpu program with one invocation per output element; tfjs adds the bindings,
 * the uniforms (each input's shape, `size`, and `spec.uniforms`) and the entry point around
 * `main`, and caches the pipeline by shader key.
 */
export function runFlatProgram(
  backend: WebGPUBackend,
  spec: FlatProgramSpec,
  inputs: TensorInfo[],
): TensorInfo {
  const dispatchLayout = webgpu_util.flatDispatchLayout(spec.outputShape);
  const workgroupSize: [number, number, number] = [WORKGROUP_SIZE, 1, 1];
  const uniforms = Object.entries(spec.uniforms ?? {});
  const program: WebGPUProgram = {
    shaderKey: spec.shaderKey,
    outputShape: spec.outputShape,
    variableNames: spec.variableNames,
    dispatchLayout,
    dispatch: webgpu_util.computeDispatch(dispatchLayout, spec.outputShape, workgroupSize),
    workgroupSize,
    size: true,
    uniforms: uniforms.map(([name]) => `${name} : f32,`).join(' '),
    getUserCode: () => spec.main,
  };
  const uniformData = uniforms.map(([, value]) => ({ type: 'float32', data: [value] }));
  return backend.runWebGPUProgram(program, inputs, 'float32', uniformData);
}

/**
 * out[j] = Σ_g partials[g, j] / divisor: the second pass of our two-pass reductions, which first
 * write one partial sum per group of rows (enough invocations to fill a GPU) and then add them.
 */
export function sumPartials(
  backend: WebGPUBackend,
  partials: TensorInfo,
  outputShape: number[],
  divisor = 1,
): TensorInfo {
  const width = partials.shape[1];
  return runFlatProgram(
    backend,
    {
      shaderKey: `lenetSumPartials_${width}`,
      outputShape,
      variableNames: ['partials'],
      uniforms: { divisor },
      main: `
        fn main(index : i32) {
          if (index >= uniforms.size) { return; }
          var sum = 0.0;
          for (var group = 0; group < uniforms.partialsShape.x; group++) {
            sum = sum + partials[group * ${width} + index];
          }
          result[index] = sum / uniforms.divisor;
        }`,
    },
    [partials],
  );
}
