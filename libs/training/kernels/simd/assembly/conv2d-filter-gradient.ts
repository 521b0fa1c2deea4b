// The filter gradient of a valid, stride-1 NHWC convolution:
//   dW[ky, kx, ci, co] = Σ_n,y,x x[n, y + ky, x + kx, ci] · dy[n, y, x, co]
// Two layouts of the same sums, one per LeNet-5 convolution. Pointers are byte offsets into
// the imported memory; every sum runs over the batch in a fixed order, so a result is
// deterministic.

const F32 = 4;

/**
 * One input channel (conv1: 28×28×1 → 24×24×6), four neighbouring output columns per vector:
 * dy is first transposed to [n, co, y, x] in `scratch` (batch·outH·outW·co floats), then for
 * each (co, ky) five accumulators (kx = 0..4 … k−1, k ≤ 5) sweep the batch. outW must be a
 * multiple of 4 and k at most 5.
 */
export function conv2dFilterGradientSingleChannel(
  x: usize,
  dy: usize,
  scratch: usize,
  out: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  outH: i32,
  outW: i32,
  channels: i32,
  k: i32,
): void {
  const plane = outH * outW;
  for (let n = 0; n < batch; n++) {
    const from = dy + <usize>(n * plane * channels) * F32;
    const to = scratch + <usize>(n * plane * channels) * F32;
    if (channels == 6) {
      splitSixChannels(from, to, plane);
      continue;
    }
    for (let p = 0; p < plane; p++) {
      const source = from + <usize>(p * channels) * F32;
      for (let c = 0; c < channels; c++) {
        store<f32>(to + <usize>(c * plane + p) * F32, load<f32>(source + <usize>c * F32));
      }
    }
  }
  const vectors = outW >> 2;
  for (let c = 0; c < channels; c++) {
    for (let ky = 0; ky < k; ky++) {
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let a4 = f32x4.splat(0);
      for (let n = 0; n < batch; n++) {
        const dyPlane = scratch + <usize>((n * channels + c) * plane) * F32;
        const image = x + <usize>(n * inH * inW) * F32;
        for (let y = 0; y < outH; y++) {
          const dyRow = dyPlane + <usize>(y * outW) * F32;
          const xRow = image + <usize>((y + ky) * inW) * F32;
          for (let v = 0; v < vectors; v++) {
            const d = v128.load(dyRow + ((<usize>v) << 4));
            const xs = xRow + ((<usize>v) << 4);
            a0 = f32x4.add(a0, f32x4.mul(v128.load(xs), d));
            a1 = f32x4.add(a1, f32x4.mul(v128.load(xs, 4), d));
            a2 = f32x4.add(a2, f32x4.mul(v128.load(xs, 8), d));
            a3 = f32x4.add(a3, f32x4.mul(v128.load(xs, 12), d));
            a4 = f32x4.add(a4, f32x4.mul(v128.load(xs, 16), d));
          }
        }
      }
      // Filter layout [ky, kx, 1, co]: kx steps by `channels`.
      const row = out + <usize>(ky * k * channels + c) * F32;
      const step = <usize>channels * F32;
      store<f32>(row, laneSum(a0));
      if (k > 1) store<f32>(row + step, laneSum(a1));
      if (k > 2) store<f32>(row + 2 * step, laneSum(a2));
      if (k > 3) store<f32>(row + 3 * step, laneSum(a3));
      if (k > 4) store<f32>(row + 4 * step, laneSum(a4));
    }
  }
}

/**
 * Output channels a multiple of 4 (conv2: 12×12×6 → 8×8×16), four output channels per vector:
 * each pair of filter taps (ky, kx, ci) sweeps every position of the batch with its
 * accumulators in registers, 16 output channels at a time.
 */
export function conv2dFilterGradientChannelVectors(
  x: usize,
  dy: usize,
  out: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  inChannels: i32,
  outH: i32,
  outW: i32,
  outChannels: i32,
  kh: i32,
  kw: i32,
): void {
  const taps = kh * kw * inChannels;
  let t = 0;
  while (t < taps) {
    const paired = t + 1 < taps;
    const first = tapOffset(t, kw, inW, inChannels);
    const second = paired ? tapOffset(t + 1, kw, inW, inChannels) : first;
    let co = 0;
    while (co < outChannels) {
      const wide = outChannels - co >= 16;
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let b0 = f32x4.splat(0);
      let b1 = f32x4.splat(0);
      let b2 = f32x4.splat(0);
      let b3 = f32x4.splat(0);
      for (let n = 0; n < batch; n++) {
        for (let y = 0; y < outH; y++) {
          let xs = x + <usize>((n * inH + y) * inW * inChannels) * F32;
          let ds = dy + <usize>((n * outH + y) * outW * outChannels + co) * F32;
          const xStep = <usize>inChannels * F32;
          const dStep = <usize>outChannels * F32;
          if (wide) {
            for (let i = 0; i < outW; i++) {
              const s = f32x4.splat(load<f32>(xs + first));
              const u = f32x4.splat(load<f32>(xs + second));
              const d0 = v128.load(ds);
              const d1 = v128.load(ds, 16);
              const d2 = v128.load(ds, 32);
              const d3 = v128.load(ds, 48);
              a0 = f32x4.add(a0, f32x4.mul(s, d0));
              a1 = f32x4.add(a1, f32x4.mul(s, d1));
              a2 = f32x4.add(a2, f32x4.mul(s, d2));
              a3 = f32x4.add(a3, f32x4.mul(s, d3));
              b0 = f32x4.add(b0, f32x4.mul(u, d0));
              b1 = f32x4.add(b1, f32x4.mul(u, d1));
              b2 = f32x4.add(b2, f32x4.mul(u, d2));
              b3 = f32x4.add(b3, f32x4.mul(u, d3));
              xs += xStep;
              ds += dStep;
            }
          } else {
            for (let i = 0; i < outW; i++) {
              const d0 = v128.load(ds);
              a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(xs + first)), d0));
              b0 = f32x4.add(b0, f32x4.mul(f32x4.splat(load<f32>(xs + second)), d0));
              xs += xStep;
              ds += dStep;
            }
          }
        }
      }
      // Filter layout [ky, kx, ci, co]: tap t's row starts at t · outChannels.
      const rowA = out + <usize>(t * outChannels + co) * F32;
      const rowB = rowA + <usize>outChannels * F32;
      v128.store(rowA, a0);
      if (paired) v128.store(rowB, b0);
      if (wide) {
        v128.store(rowA, a1, 16);
        v128.store(rowA, a2, 32);
        v128.store(rowA, a3, 48);
        if (paired) {
          v128.store(rowB, b1, 16);
          v128.store(rowB, b2, 32);
          v128.store(rowB, b3, 48);
        }
      }
      co += wide ? 16 : 4;
    }
    t += 2;
  }
}

/**
 * [plane, 6] → [6, plane] with shuffles, four positions (six vectors) at a time: LeNet's conv1
 * has six channels, and this transpose was a quarter of its filter gradient done one float at
 * a time. plane is a multiple of 4 (outW is).
 */
function splitSixChannels(from: usize, to: usize, plane: i32): void {
  const planeBytes = <usize>plane * F32;
  for (let p = 0; p < plane; p += 4) {
    // Floats 6q + c of these 24 hold position p + q, channel c.
    const source = from + <usize>(p * 6) * F32;
    const v0 = v128.load(source);
    const v1 = v128.load(source, 16);
    const v2 = v128.load(source, 32);
    const v3 = v128.load(source, 48);
    const v4 = v128.load(source, 64);
    const v5 = v128.load(source, 80);
    // Positions 0 and 1 (v0..v2), then 2 and 3 (v3..v5), channel by channel.
    const at = to + <usize>p * F32;
    v128.store(
      at,
      i32x4.shuffle(
        i32x4.shuffle(v0, v1, 0, 6, 0, 6),
        i32x4.shuffle(v3, v4, 0, 6, 0, 6),
        0,
        1,
        4,
        5,
      ),
    );
    v128.store(
      at + planeBytes,
      i32x4.shuffle(
        i32x4.shuffle(v0, v1, 1, 7, 1, 7),
        i32x4.shuffle(v3, v4, 1, 7, 1, 7),
        0,
        1,
        4,
        5,
      ),
    );
    v128.store(
      at + 2 * planeBytes,
      i32x4.shuffle(
        i32x4.shuffle(v0, v2, 2, 4, 2, 4),
        i32x4.shuffle(v3, v5, 2, 4, 2, 4),
        0,
        1,
        4,
        5,
      ),
    );
    v128.store(
      at + 3 * planeBytes,
      i32x4.shuffle(
        i32x4.shuffle(v0, v2, 3, 5, 3, 5),
        i32x4.shuffle(v3, v5, 3, 5, 3, 5),
        0,
        1,
        4,
        5,
      ),
    );
    v128.store(
      at + 4 * planeBytes,
      i32x4.shuffle(
        i32x4.shuffle(v1, v2, 0, 6, 0, 6),
        i32x4.shuffle(v4, v5, 0, 6, 0, 6),
        0,
        1,
        4,
        5,
      ),
    );
    v128.store(
      at + 5 * planeBytes,
      i32x4.shuffle(
        i32x4.shuffle(v1, v2, 1, 7, 1, 7),
        i32x4.shuffle(v4, v5, 1, 7, 1, 7),
        0,
        1,
        4,
        5,
      ),
    );
  }
}

/** Byte offset of filter tap t = (ky, kx, ci) from the input position it multiplies. */
function tapOffset(t: i32, kw: i32, inW: i32, inChannels: i32): usize {
  const ci = t % inChannels;
  const kx = (t / inChannels) % kw;
  const ky = t / (inChannels * kw);
  return <usize>((ky * inW + kx) * inChannels + ci) * F32;
}

function laneSum(a: v128): f32 {
  return (
    f32x4.extract_lane(a, 0) +
    f32x4.extract_lane(a, 1) +
    f32x4.extract_lane(a, 2) +
    f32x4.extract_lane(a, 3)
  );
}
