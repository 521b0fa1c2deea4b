// The gradient of a 2×2, stride-2, valid max pool in NHWC, with the stock tfjs-backend-wasm
// kernel's choice of each window's maximum, so the result is bit-identical to it: positions are
// tried in row-major order (top left, top right, bottom left, bottom right), a value wins if it
// is ≥ the best so far, and the best starts at FLT_MIN. A window with nothing ≥ FLT_MIN gets no
// gradient, except that the stock kernel then points at the tensor's first element, which only
// the first window holds (fixed up after the vector pass).

const F32 = 4;
const FLT_MIN: f32 = 1.1754943508222875e-38;

/**
 * dx[n, 2py + r, 2px + s, c] = dy[n, py, px, c] where (r, s) is window (py, px)'s chosen
 * maximum for channel c, else 0. Four channels per vector; for channels not a multiple of 4 the
 * last vector overlaps the one before it (both compute the same values for the shared lanes).
 * Needs channels ≥ 4. Rows and columns past 2·outH, 2·outW (odd input sizes) get 0.
 */
export function maxPool2x2Gradient(
  x: usize,
  dy: usize,
  dx: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  channels: i32,
  outH: i32,
  outW: i32,
): void {
  if (inH != 2 * outH || inW != 2 * outW) {
    memory.fill(dx, 0, <usize>(batch * inH * inW * channels) * F32);
  }
  const rowBytes = <usize>(inW * channels) * F32;
  const columnBytes = <usize>channels * F32;
  const floor = f32x4.splat(FLT_MIN);
  const zero = f32x4.splat(0);
  const last = channels - 4;
  for (let n = 0; n < batch; n++) {
    for (let py = 0; py < outH; py++) {
      const top = <usize>((n * inH + 2 * py) * inW * channels) * F32;
      const grads = dy + <usize>((n * outH + py) * outW * channels) * F32;
      for (let px = 0; px < outW; px++) {
        const corner = top + <usize>(2 * px) * columnBytes;
        const window = grads + <usize>(px * channels) * F32;
        let c = 0;
        while (true) {
          const at = corner + <usize>c * F32;
          const topLeft = v128.load(x + at);
          const topRight = v128.load(x + at + columnBytes);
          const bottomLeft = v128.load(x + at + rowBytes);
          const bottomRight = v128.load(x + at + rowBytes + columnBytes);
          // Which position won, as lane masks; each later winner clears the earlier ones.
          let best = floor;
          const wonTL = f32x4.ge(topLeft, best);
          best = v128.bitselect(topLeft, best, wonTL);
          const wonTR = f32x4.ge(topRight, best);
          best = v128.bitselect(topRight, best, wonTR);
          const wonBL = f32x4.ge(bottomLeft, best);
          best = v128.bitselect(bottomLeft, best, wonBL);
          const wonBR = f32x4.ge(bottomRight, best);
          const g = v128.load(window + <usize>c * F32);
          const isBR = wonBR;
          const isBL = v128.andnot(wonBL, isBR);
          const isTR = v128.andnot(v128.andnot(wonTR, wonBL), isBR);
          const isTL = v128.andnot(v128.andnot(v128.andnot(wonTL, wonTR), wonBL), isBR);
          v128.store(dx + at, v128.bitselect(g, zero, isTL));
          v128.store(dx + at + columnBytes, v128.bitselect(g, zero, isTR));
          v128.store(dx + at + rowBytes, v128.bitselect(g, zero, isBL));
          v128.store(dx + at + rowBytes + columnBytes, v128.bitselect(g, zero, isBR));
          if (c == last) break;
          c = min(c + 4, last);
        }
      }
    }
  }
  // The stock kernel's "position 0" for the first window's first channel when nothing won.
  const first0 = load<f32>(x);
  const first1 = load<f32>(x + columnBytes);
  const first2 = load<f32>(x + rowBytes);
  const first3 = load<f32>(x + rowBytes + columnBytes);
  if (!(first0 >= FLT_MIN || first1 >= FLT_MIN || first2 >= FLT_MIN || first3 >= FLT_MIN)) {
    store<f32>(dx, load<f32>(dy));
  }
}
