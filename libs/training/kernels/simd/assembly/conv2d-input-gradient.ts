// The input gradient of a valid, stride-1 NHWC convolution (Conv2DBackpropInput):
//   dx[n, y + ky, x + kx, ci] += dy[n, y, x, co] · W[ky, kx, ci, co]   for every y, x, ky, kx, co.
// Scattered from dy rather than gathered into dx, so no multiply-add meets a padding zero (the
// gathered form, a full convolution of zero-padded dy, does 2.25× the work on LeNet's conv2).
// For one dy position and one filter row ky, the kw·inC values dx[n, y + ky, x .. x + kw − 1, :]
// are contiguous in NHWC, and they are a row of dy times a matrix of the filter:
//   dx[n, y + ky, x + kx, ci] += Σ_co dy[n, y, x, co] · Wt[ky][co][kx·inC + ci].
// Wt is packed once per call; each (position, ky) sums its row in vector accumulators over co
// and then adds them to dx. Every dx value gets its terms in a fixed order: deterministic.

const F32 = 4;
/** Floats of the row kw·inC that one pass accumulates: 4 vectors per position. */
const BLOCK = 16;
const BLOCK_BYTES: usize = BLOCK * F32;

/**
 * dx from dy [batch, outH, outW, outChannels] and the filter [kh, kw, inChannels, outChannels];
 * dx is [batch, outH + kh − 1, outW + kw − 1, inChannels] and is overwritten. `scratch` holds
 * the packed filter: kh · ⌈kw·inChannels / 16⌉ · outChannels · 16 floats.
 *
 * Two positions go through each pass, (y, x) and (y + ⌊outH / 2⌋, x) of one image, sharing
 * the filter's loads: 8 accumulators, 4 filter vectors and 2 broadcasts of dy are 14 of the
 * 15 vector registers V8 allocates on x64. One position with 8 accumulators (a 32-float
 * block) spills an accumulator to the stack and took 1.06 ms on LeNet's conv2 at batch 64,
 * against 0.59 ms for this; pairing images half a batch apart instead of rows half an image
 * apart took ~8 % longer. An odd last row goes through the same pass unpaired.
 */
export function conv2dInputGradient(
  dy: usize,
  filter: usize,
  scratch: usize,
  dx: usize,
  batch: i32,
  outH: i32,
  outW: i32,
  outChannels: i32,
  inH: i32,
  inW: i32,
  inChannels: i32,
  kh: i32,
  kw: i32,
): void {
  const span = kw * inChannels;
  const blocks = (span + BLOCK - 1) / BLOCK;
  packFilter(filter, scratch, kh, span, blocks, outChannels);
  memory.fill(dx, 0, <usize>(batch * inH * inW * inChannels) * F32);

  const rowBytes = <usize>(inW * inChannels) * F32;
  const positionBytes = <usize>outChannels * F32;
  const columnBytes = <usize>inChannels * F32;
  const filterBlockBytes = <usize>outChannels * BLOCK_BYTES;
  const pairs = outH >> 1;
  const rowPasses = pairs + (outH & 1);
  const dyOther = <usize>(pairs * outW) * positionBytes;
  const dxOther = <usize>pairs * rowBytes;
  for (let n = 0; n < batch; n++) {
    for (let pass = 0; pass < rowPasses; pass++) {
      const paired = pass < pairs;
      const y = paired ? pass : outH - 1;
      // Unpaired, the second position repeats the first: its loads stay inside dy.
      const otherDy = paired ? dyOther : 0;
      let d = dy + <usize>((n * outH + y) * outW) * positionBytes;
      let corner = dx + <usize>(n * inH + y) * rowBytes;
      for (let x = 0; x < outW; x++) {
        let w = scratch;
        let row = corner;
        for (let ky = 0; ky < kh; ky++) {
          let target = row;
          for (let b = 0; b < blocks; b++) {
            let a0 = f32x4.splat(0);
            let a1 = f32x4.splat(0);
            let a2 = f32x4.splat(0);
            let a3 = f32x4.splat(0);
            let b0 = f32x4.splat(0);
            let b1 = f32x4.splat(0);
            let b2 = f32x4.splat(0);
            let b3 = f32x4.splat(0);
            let dyChannel = d;
            let wt = w;
            // Ends on the filter pointer rather than a channel count: one instruction fewer
            // per step of this loop, the kernel's innermost (measured ~5 % faster).
            const filterEnd = w + filterBlockBytes;
            while (wt < filterEnd) {
              const s = v128.load32_splat(dyChannel);
              const u = v128.load32_splat(dyChannel + otherDy);
              const w0 = v128.load(wt);
              a0 = f32x4.add(a0, f32x4.mul(s, w0));
              b0 = f32x4.add(b0, f32x4.mul(u, w0));
              const w1 = v128.load(wt, 16);
              a1 = f32x4.add(a1, f32x4.mul(s, w1));
              b1 = f32x4.add(b1, f32x4.mul(u, w1));
              const w2 = v128.load(wt, 32);
              a2 = f32x4.add(a2, f32x4.mul(s, w2));
              b2 = f32x4.add(b2, f32x4.mul(u, w2));
              const w3 = v128.load(wt, 48);
              a3 = f32x4.add(a3, f32x4.mul(s, w3));
              b3 = f32x4.add(b3, f32x4.mul(u, w3));
              dyChannel += F32;
              wt += BLOCK_BYTES;
            }
            const lanes = span - b * BLOCK;
            addLanes(target, a0, lanes);
            addLanes(target + 16, a1, lanes - 4);
            addLanes(target + 32, a2, lanes - 8);
            addLanes(target + 48, a3, lanes - 12);
            if (paired) {
              const other = target + dxOther;
              addLanes(other, b0, lanes);
              addLanes(other + 16, b1, lanes - 4);
              addLanes(other + 32, b2, lanes - 8);
              addLanes(other + 48, b3, lanes - 12);
            }
            target += BLOCK_BYTES;
            w += filterBlockBytes;
          }
          row += rowBytes;
        }
        d += positionBytes;
        corner += columnBytes;
      }
    }
  }
}

/**
 * Wt[ky][block][co][j] = W[ky, kx, ci, co] with kx·inC + ci = 16·block + j, zero past the row's
 * span: the zero lanes keep every accumulator a whole vector without reading past the filter.
 */
function packFilter(
  filter: usize,
  packed: usize,
  kh: i32,
  span: i32,
  blocks: i32,
  outChannels: i32,
): void {
  let to = packed;
  for (let ky = 0; ky < kh; ky++) {
    for (let b = 0; b < blocks; b++) {
      for (let co = 0; co < outChannels; co++) {
        for (let j = 0; j < BLOCK; j++) {
          const s = b * BLOCK + j;
          const value =
            s < span ? load<f32>(filter + <usize>((ky * span + s) * outChannels + co) * F32) : 0;
          store<f32>(to, value);
          to += F32;
        }
      }
    }
  }
}

/**
 * dx[0 .. lanes) += a[0 .. lanes) for lanes ≤ 4 (none for lanes ≤ 0), touching no float past
 * them: the next ones belong to another position of dx, or lie past the tensor's end.
 */
function addLanes(dx: usize, a: v128, lanes: i32): void {
  if (lanes >= 4) {
    v128.store(dx, f32x4.add(v128.load(dx), a));
  } else if (lanes >= 2) {
    v128.store64_lane(dx, f32x4.add(v128.load64_zero(dx), a), 0);
    if (lanes == 3) store<f32>(dx, load<f32>(dx, 8) + f32x4.extract_lane(a, 2), 8);
  } else if (lanes == 1) {
    store<f32>(dx, load<f32>(dx) + f32x4.extract_lane(a, 0));
  }
}
