// Dense-layer matrix products on row-major float32 matrices:
//   out[r, c] = act(bias[c] + Σ_t A(r, t) · B[t, c])
// where A(r, t) is at a + (r · aRowStride + t · aDepthStride) floats: (K, 1) for A, (1, M) for
// Aᵀ stored as [depth, rows] (a dense layer's xᵀ·dy reads x in place). A transposed B (dy·Wᵀ)
// is first copied into its [depth, cols] layout with `transposeMatrix`. Pointers are byte
// offsets into the imported memory; `bias` 0 means none. Every output sums its depth in order
// after the bias, so it does not depend on its position in a block or on the other rows.
//
// Register block: 2 rows × 16 columns (8 accumulators, 4 B vectors, 2 splats), within the 15
// vector registers V8 allocates on x64. Columns go in the outer loop so that a 16-column strip
// of B (depth · 64 bytes, 16 KB for fc1) stays in L1 while every row pair sweeps it.

const F32 = 4;
/** Columns of a wide block: four vectors. */
const WIDE = 16;
/** Columns per vector. */
const LANES = 4;

/**
 * cols must be at least 4; a column count that is not a multiple of 4 ends with a vector that
 * overlaps the one before it (same sums, stored twice). An odd last row is computed as a pair
 * with itself (the second copy is not stored).
 */
export function denseMatMul(
  a: usize,
  aRowStride: i32,
  aDepthStride: i32,
  b: usize,
  bias: usize,
  out: usize,
  rows: i32,
  depth: i32,
  cols: i32,
  relu: bool,
): void {
  const aRowBytes = <usize>aRowStride * F32;
  const aDepthBytes = <usize>aDepthStride * F32;
  const bRowBytes = <usize>cols * F32;
  const zero = f32x4.splat(0);
  let c = 0;
  while (c < cols) {
    const wide = cols - c >= WIDE;
    if (!wide && cols - c < LANES) c = cols - LANES;
    const cBytes = <usize>c * F32;
    for (let r = 0; r < rows; r += 2) {
      const paired = r + 1 < rows;
      let as = a + <usize>r * aRowBytes;
      let us = paired ? as + aRowBytes : as;
      let bs = b + cBytes;
      let a0 = bias ? v128.load(bias + cBytes) : zero;
      let a1 = zero;
      let a2 = zero;
      let a3 = zero;
      if (wide && bias) {
        a1 = v128.load(bias + cBytes, 16);
        a2 = v128.load(bias + cBytes, 32);
        a3 = v128.load(bias + cBytes, 48);
      }
      let b0 = a0;
      let b1 = a1;
      let b2 = a2;
      let b3 = a3;
      if (wide) {
        for (let t = 0; t < depth; t++) {
          const s = v128.load32_splat(as);
          const u = v128.load32_splat(us);
          const w0 = v128.load(bs);
          const w1 = v128.load(bs, 16);
          const w2 = v128.load(bs, 32);
          const w3 = v128.load(bs, 48);
          a0 = f32x4.add(a0, f32x4.mul(s, w0));
          a1 = f32x4.add(a1, f32x4.mul(s, w1));
          a2 = f32x4.add(a2, f32x4.mul(s, w2));
          a3 = f32x4.add(a3, f32x4.mul(s, w3));
          b0 = f32x4.add(b0, f32x4.mul(u, w0));
          b1 = f32x4.add(b1, f32x4.mul(u, w1));
          b2 = f32x4.add(b2, f32x4.mul(u, w2));
          b3 = f32x4.add(b3, f32x4.mul(u, w3));
          as += aDepthBytes;
          us += aDepthBytes;
          bs += bRowBytes;
        }
      } else {
        for (let t = 0; t < depth; t++) {
          const w0 = v128.load(bs);
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(as), w0));
          b0 = f32x4.add(b0, f32x4.mul(v128.load32_splat(us), w0));
          as += aDepthBytes;
          us += aDepthBytes;
          bs += bRowBytes;
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
      const first = out + <usize>r * bRowBytes + cBytes;
      const second = first + bRowBytes;
      v128.store(first, a0);
      if (paired) v128.store(second, b0);
      if (wide) {
        v128.store(first, a1, 16);
        v128.store(first, a2, 32);
        v128.store(first, a3, 48);
        if (paired) {
          v128.store(second, b1, 16);
          v128.store(second, b2, 32);
          v128.store(second, b3, 48);
        }
      }
    }
    c += wide ? WIDE : LANES;
  }
}

/**
 * to[c, r] = from[r, c] for a row-major [rows, cols] matrix: 4×4 blocks by vector shuffles
 * (a scalar copy with a strided side was a third of the time of fc1's dy·Wᵀ), the edges past a
 * multiple of 4 one float at a time.
 */
export function transposeMatrix(from: usize, to: usize, rows: i32, cols: i32): void {
  const fromRowBytes = <usize>cols * F32;
  const toRowBytes = <usize>rows * F32;
  const blockRows = rows & ~3;
  const blockCols = cols & ~3;
  for (let r = 0; r < blockRows; r += 4) {
    const source = from + <usize>r * fromRowBytes;
    const target = to + <usize>r * F32;
    for (let c = 0; c < blockCols; c += 4) {
      const at = source + <usize>c * F32;
      const r0 = v128.load(at);
      const r1 = v128.load(at + fromRowBytes);
      const r2 = v128.load(at + 2 * fromRowBytes);
      const r3 = v128.load(at + 3 * fromRowBytes);
      // t0 = [r0[0], r1[0], r0[1], r1[1]], t1 = [r0[2], r1[2], r0[3], r1[3]], and so on.
      const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
      const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
      const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
      const into = target + <usize>c * toRowBytes;
      v128.store(into, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
      v128.store(into + toRowBytes, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
      v128.store(into + 2 * toRowBytes, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
      v128.store(into + 3 * toRowBytes, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
    }
  }
  for (let r = 0; r < rows; r++) {
    const source = from + <usize>r * fromRowBytes;
    const target = to + <usize>r * F32;
    for (let c = r < blockRows ? blockCols : 0; c < cols; c++) {
      store<f32>(target + <usize>c * toRowBytes, load<f32>(source + <usize>c * F32));
    }
  }
}
