/*
 * tfjs and ONNX order weights differently; these permutations are the whole difference, so
 * they are pure functions tested on their own.
 */

/** A tfjs convolution kernel [kh, kw, in, out] (HWIO) as ONNX Conv's weight [out, in, kh, kw]. */
export function hwioToOihw(
  kernel: Float32Array,
  [kernelHeight, kernelWidth, inChannels, outChannels]: readonly number[],
): Float32Array {
  const result = new Float32Array(kernel.length);
  for (let y = 0; y < kernelHeight; y++) {
    for (let x = 0; x < kernelWidth; x++) {
      for (let i = 0; i < inChannels; i++) {
        for (let o = 0; o < outChannels; o++) {
          const from = ((y * kernelWidth + x) * inChannels + i) * outChannels + o;
          const to = ((o * inChannels + i) * kernelHeight + y) * kernelWidth + x;
          result[to] = kernel[from];
        }
      }
    }
  }
  return result;
}

/**
 * A dense kernel [h·w·c, units] that follows a Flatten of NHWC features (tfjs: row (y, x, ch)
 * at (y·w + x)·c + ch), with its rows reordered for a Flatten of the same features in NCHW
 * (ONNX: row ch·h·w + y·w + x). Multiplying the NCHW-flattened features by the result equals
 * multiplying the NHWC-flattened ones by the original, so the graph needs no Transpose back.
 */
export function hwcRowsToChwRows(
  kernel: Float32Array,
  [height, width, channels]: readonly number[],
  units: number,
): Float32Array {
  const rows = height * width * channels;
  if (kernel.length !== rows * units) {
    throw new RangeError(`dense kernel has ${kernel.length} values, expected ${rows} × ${units}`);
  }
  const result = new Float32Array(kernel.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let ch = 0; ch < channels; ch++) {
        const from = ((y * width + x) * channels + ch) * units;
        const to = ((ch * height + y) * width + x) * units;
        result.set(kernel.subarray(from, from + units), to);
      }
    }
  }
  return result;
}
