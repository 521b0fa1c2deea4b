// Σ over every axis but the last: a bias's gradient ([n, h, w, c] or [n, c] → [c]).

const F32 = 4;

/**
 * out[c] = Σ_r values[r, c] for `rows` rows of `channels` floats, each lane summing its channel
 * in row order, as a sequential loop does, so the result equals the stock kernel's bit for bit.
 * Four channels per pass; for channels not a multiple of 4 the last pass overlaps the one before
 * (the shared channels get the same sums). Needs channels ≥ 4.
 */
export function sumLeadingAxes(values: usize, out: usize, rows: i32, channels: i32): void {
  const rowBytes = <usize>channels * F32;
  const last = channels - 4;
  let c = 0;
  while (true) {
    let sum = f32x4.splat(0);
    let at = values + <usize>c * F32;
    for (let r = 0; r < rows; r++) {
      sum = f32x4.add(sum, v128.load(at));
      at += rowBytes;
    }
    v128.store(out + <usize>c * F32, sum);
    if (c == last) break;
    c = min(c + 4, last);
  }
}
