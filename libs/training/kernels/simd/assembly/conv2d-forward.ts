// The forward pass of a valid, stride-1 NHWC convolution with an optional bias and ReLU:
//   y[n, r, c, co] = act(bias[co] + Σ_ky,kx,ci x[n, r + ky, c + kx, ci] · W[ky, kx, ci, co])
// Two layouts of the same sums, one per LeNet-5 convolution. Pointers are byte offsets into
// the imported memory; `bias` 0 means none (0 is never a tensor's offset: it is emscripten's
// NULL). Every output sums its taps in (ky, kx, ci) order after the bias, so it does not depend
// on the batch size or on its position in a block.
//
// Multiply then add: wasm SIMD has no fused multiply-add outside relaxed SIMD, which Node 20
// does not enable. Register blocks stay within the 15 vector registers V8 allocates on x64;
// a block of 12 accumulators (two column vectors × 6 channels in conv1) spilled and was slower.

const F32 = 4;
/** Output channels of the single-channel kernel's register block (LeNet's conv1 has 6). */
const GROUP = 6;

/**
 * Output channels a multiple of 4 (conv2: 12×12×6 → 8×8×16), four output channels per vector,
 * two neighbouring output positions per block so that each tap's weight vectors are loaded once
 * for both. A filter row's taps (kx, ci) are contiguous in x and in W, so each filter row is
 * one flat loop. 16 channels at a time (8 accumulators), then 4 at a time.
 */
export function conv2dForwardChannelVectors(
  x: usize,
  filter: usize,
  bias: usize,
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
  relu: bool,
): void {
  const rowTaps = kw * inChannels;
  const xRowBytes = <usize>(inW * inChannels) * F32;
  const wRowBytes = <usize>(rowTaps * outChannels) * F32;
  const wTapBytes = <usize>outChannels * F32;
  const zero = f32x4.splat(0);
  for (let n = 0; n < batch; n++) {
    for (let y = 0; y < outH; y++) {
      const xTop = x + <usize>((n * inH + y) * inW * inChannels) * F32;
      const outRow = out + <usize>((n * outH + y) * outW * outChannels) * F32;
      for (let ox = 0; ox < outW; ox += 2) {
        // A lone last position is computed twice over (the second copy is not stored).
        const paired = ox + 1 < outW;
        const xFirst = xTop + <usize>(ox * inChannels) * F32;
        const xSecond = paired ? xFirst + <usize>inChannels * F32 : xFirst;
        const outFirst = outRow + <usize>(ox * outChannels) * F32;
        const outSecond = outFirst + wTapBytes;
        let co = 0;
        while (co < outChannels) {
          const wide = outChannels - co >= 16;
          const coBytes = <usize>co * F32;
          let a0 = bias ? v128.load(bias + coBytes) : zero;
          let a1 = zero;
          let a2 = zero;
          let a3 = zero;
          if (wide && bias) {
            a1 = v128.load(bias + coBytes, 16);
            a2 = v128.load(bias + coBytes, 32);
            a3 = v128.load(bias + coBytes, 48);
          }
          let b0 = a0;
          let b1 = a1;
          let b2 = a2;
          let b3 = a3;
          for (let ky = 0; ky < kh; ky++) {
            let xs = xFirst + <usize>ky * xRowBytes;
            let us = xSecond + <usize>ky * xRowBytes;
            let ws = filter + <usize>ky * wRowBytes + coBytes;
            if (wide) {
              for (let t = 0; t < rowTaps; t++) {
                const s = v128.load32_splat(xs);
                const u = v128.load32_splat(us);
                const w0 = v128.load(ws);
                const w1 = v128.load(ws, 16);
                const w2 = v128.load(ws, 32);
                const w3 = v128.load(ws, 48);
                a0 = f32x4.add(a0, f32x4.mul(s, w0));
                a1 = f32x4.add(a1, f32x4.mul(s, w1));
                a2 = f32x4.add(a2, f32x4.mul(s, w2));
                a3 = f32x4.add(a3, f32x4.mul(s, w3));
                b0 = f32x4.add(b0, f32x4.mul(u, w0));
                b1 = f32x4.add(b1, f32x4.mul(u, w1));
                b2 = f32x4.add(b2, f32x4.mul(u, w2));
                b3 = f32x4.add(b3, f32x4.mul(u, w3));
                xs += F32;
                us += F32;
                ws += wTapBytes;
              }
            } else {
              for (let t = 0; t < rowTaps; t++) {
                const w0 = v128.load(ws);
                a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xs), w0));
                b0 = f32x4.add(b0, f32x4.mul(v128.load32_splat(us), w0));
                xs += F32;
                us += F32;
                ws += wTapBytes;
              }
            }
          }
          if (relu) {
            a0 = f32x4.max(a0, zero);
            a1 = f32x4.max(a1, zero);
            a2 = f32x4.max(a2, zero);
            a3 = f32x4.max(a3, zero);
            b0 = f32x4.max(b0, zero);
            b1 = f32x4.max(b1, zero);
            b2 = f32x4.max(b2, zero);
            b3 = f32x4.max(b3, zero);
          }
          v128.store(outFirst + coBytes, a0);
          if (paired) v128.store(outSecond + coBytes, b0);
          if (wide) {
            v128.store(outFirst + coBytes, a1, 16);
            v128.store(outFirst + coBytes, a2, 32);
            v128.store(outFirst + coBytes, a3, 48);
            if (paired) {
              v128.store(outSecond + coBytes, b1, 16);
              v128.store(outSecond + coBytes, b2, 32);
              v128.store(outSecond + coBytes, b3, 48);
            }
          }
          co += wide ? 16 : 4;
        }
      }
    }
  }
}

/**
 * One input channel (conv1: 28×28×1 → 24×24×6), four neighbouring output columns per vector:
 * each tap loads one unaligned vector of input columns and multiplies it by GROUP splatted
 * weights, one accumulator per output channel. Channels past a multiple of GROUP take one at a
 * time. outW must be at least 4; a width that is not a multiple of 4 ends with a vector that
 * overlaps the one before it (same sums, stored twice).
 */
export function conv2dForwardSingleChannel(
  x: usize,
  filter: usize,
  bias: usize,
  out: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  outH: i32,
  outW: i32,
  outChannels: i32,
  kh: i32,
  kw: i32,
  relu: bool,
): void {
  const xRowBytes = <usize>inW * F32;
  const wTapBytes = <usize>outChannels * F32;
  const zero = f32x4.splat(0);
  for (let n = 0; n < batch; n++) {
    for (let y = 0; y < outH; y++) {
      const xTop = x + <usize>((n * inH + y) * inW) * F32;
      const outRow = out + <usize>((n * outH + y) * outW * outChannels) * F32;
      for (let ox = 0; ; ox += 4) {
        if (ox > outW - 4) ox = outW - 4;
        const xs = xTop + <usize>ox * F32;
        const os = outRow + <usize>(ox * outChannels) * F32;
        let co = 0;
        for (; co + GROUP <= outChannels; co += GROUP) {
          const coBytes = <usize>co * F32;
          let a0 = bias ? v128.load32_splat(bias + coBytes) : zero;
          let a1 = bias ? v128.load32_splat(bias + coBytes, 4) : zero;
          let a2 = bias ? v128.load32_splat(bias + coBytes, 8) : zero;
          let a3 = bias ? v128.load32_splat(bias + coBytes, 12) : zero;
          let a4 = bias ? v128.load32_splat(bias + coBytes, 16) : zero;
          let a5 = bias ? v128.load32_splat(bias + coBytes, 20) : zero;
          let ws = filter + coBytes;
          for (let ky = 0; ky < kh; ky++) {
            let xt = xs + <usize>ky * xRowBytes;
            for (let kx = 0; kx < kw; kx++) {
              const v = v128.load(xt);
              a0 = f32x4.add(a0, f32x4.mul(v, v128.load32_splat(ws)));
              a1 = f32x4.add(a1, f32x4.mul(v, v128.load32_splat(ws, 4)));
              a2 = f32x4.add(a2, f32x4.mul(v, v128.load32_splat(ws, 8)));
              a3 = f32x4.add(a3, f32x4.mul(v, v128.load32_splat(ws, 12)));
              a4 = f32x4.add(a4, f32x4.mul(v, v128.load32_splat(ws, 16)));
              a5 = f32x4.add(a5, f32x4.mul(v, v128.load32_splat(ws, 20)));
              xt += F32;
              ws += wTapBytes;
            }
          }
          if (relu) {
            a0 = f32x4.max(a0, zero);
            a1 = f32x4.max(a1, zero);
            a2 = f32x4.max(a2, zero);
            a3 = f32x4.max(a3, zero);
            a4 = f32x4.max(a4, zero);
            a5 = f32x4.max(a5, zero);
          }
          if (outChannels == GROUP) {
            storeSixChannels(os, a0, a1, a2, a3, a4, a5);
          } else {
            storeColumns(os + coBytes, wTapBytes, a0);
            storeColumns(os + coBytes + F32, wTapBytes, a1);
            storeColumns(os + coBytes + 2 * F32, wTapBytes, a2);
            storeColumns(os + coBytes + 3 * F32, wTapBytes, a3);
            storeColumns(os + coBytes + 4 * F32, wTapBytes, a4);
            storeColumns(os + coBytes + 5 * F32, wTapBytes, a5);
          }
        }
        for (; co < outChannels; co++) {
          const coBytes = <usize>co * F32;
          let a = bias ? v128.load32_splat(bias + coBytes) : zero;
          let ws = filter + coBytes;
          for (let ky = 0; ky < kh; ky++) {
            let xt = xs + <usize>ky * xRowBytes;
            for (let kx = 0; kx < kw; kx++) {
              a = f32x4.add(a, f32x4.mul(v128.load(xt), v128.load32_splat(ws)));
              xt += F32;
              ws += wTapBytes;
            }
          }
          if (relu) a = f32x4.max(a, zero);
          storeColumns(os + coBytes, wTapBytes, a);
        }
        if (ox + 4 >= outW) break;
      }
    }
  }
}

/**
 * Four columns of exactly GROUP channels as the 24 contiguous floats NHWC keeps them in:
 * a transpose by lane pairs, six vector stores instead of 24 scalar ones.
 */
function storeSixChannels(
  at: usize,
  a0: v128,
  a1: v128,
  a2: v128,
  a3: v128,
  a4: v128,
  a5: v128,
): void {
  // lo01 = [a0[0], a1[0], a0[1], a1[1]], hi01 = [a0[2], a1[2], a0[3], a1[3]], and so on.
  const lo01 = i32x4.shuffle(a0, a1, 0, 4, 1, 5);
  const hi01 = i32x4.shuffle(a0, a1, 2, 6, 3, 7);
  const lo23 = i32x4.shuffle(a2, a3, 0, 4, 1, 5);
  const hi23 = i32x4.shuffle(a2, a3, 2, 6, 3, 7);
  const lo45 = i32x4.shuffle(a4, a5, 0, 4, 1, 5);
  const hi45 = i32x4.shuffle(a4, a5, 2, 6, 3, 7);
  v128.store(at, i32x4.shuffle(lo01, lo23, 0, 1, 4, 5));
  v128.store(at, i32x4.shuffle(lo45, lo01, 0, 1, 6, 7), 16);
  v128.store(at, i32x4.shuffle(lo23, lo45, 2, 3, 6, 7), 32);
  v128.store(at, i32x4.shuffle(hi01, hi23, 0, 1, 4, 5), 48);
  v128.store(at, i32x4.shuffle(hi45, hi01, 0, 1, 6, 7), 64);
  v128.store(at, i32x4.shuffle(hi23, hi45, 2, 3, 6, 7), 80);
}

/** A vector of four neighbouring columns' values of one channel, into NHWC (`step` apart). */
function storeColumns(at: usize, step: usize, a: v128): void {
  store<f32>(at, f32x4.extract_lane(a, 0));
  store<f32>(at + step, f32x4.extract_lane(a, 1));
  store<f32>(at + 2 * step, f32x4.extract_lane(a, 2));
  store<f32>(at + 3 * step, f32x4.extract_lane(a, 3));
}
