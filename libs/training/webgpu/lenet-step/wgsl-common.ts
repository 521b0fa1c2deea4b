/**
 * WGSL shared by the fused LeNet-5 training step's kernels. Every kernel reads the step's
 * uniforms at binding 0 and numbers its own buffers from 1; constants (sizes, offsets) are
 * baked into the source, so each kernel is compiled once per architecture and batch capacity.
 */

/** Invocations per workgroup. */
export const WORKGROUP = 64;
/** Workgroups per row of a 2-D dispatch: WebGPU allows 65,535 per dimension. */
export const DISPATCH_ROW = 16_384;

/** The per-step values, written once per step (16 bytes). */
export const STEP_UNIFORMS = `
struct Step {
  count : u32,
  learningRate : f32,
  momentum : f32,
  unused : f32,
};
@group(0) @binding(0) var<uniform> step : Step;`;

export type Access = 'read' | 'read_write';

/** A storage buffer a kernel reads or writes, by its name in the kernel's WGSL. */
export interface StorageBinding {
  name: string;
  declaration: string;
}

/** `var<storage, …> name : array<f32>`; flatKernel numbers the bindings from 1 in order. */
export function storage(name: string, access: Access, type = 'f32'): StorageBinding {
  return { name, declaration: `var<storage, ${access}> ${name} : array<${type}>;` };
}

/** A kernel's WGSL and the names of the buffers it binds, binding 1 first. */
export interface KernelSource {
  code: string;
  buffers: string[];
}

/**
 * A compute entry point whose body runs once per `index` below `limit` (a WGSL expression),
 * for a dispatch of dispatchSize(invocations) workgroups. Every buffer must be used by the
 * body: pipelines lay out their bindings from what the shader uses.
 */
export function flatKernel(buffers: StorageBinding[], limit: string, body: string): KernelSource {
  const declarations = buffers.map((b, i) => `@group(0) @binding(${i + 1}) ${b.declaration}`);
  const code = `${STEP_UNIFORMS}
${declarations.join('\n')}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) id : vec3<u32>) {
  let index = id.x + id.y * ${DISPATCH_ROW * WORKGROUP}u;
  if (index >= ${limit}) { return; }
  ${body}
}`;
  return { code, buffers: buffers.map((b) => b.name) };
}

/** Workgroups (x, y) covering `invocations`, as flatKernel numbers them. */
export function dispatchSize(invocations: number): [number, number] {
  const groups = Math.max(1, Math.ceil(invocations / WORKGROUP));
  return groups <= DISPATCH_ROW ? [groups, 1] : [DISPATCH_ROW, Math.ceil(groups / DISPATCH_ROW)];
}

/** An f32 literal WGSL accepts (always with a decimal point or exponent). */
export function f32(value: number): string {
  const text = String(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}
