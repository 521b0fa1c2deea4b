// The passes over a whole activation that training-mode BatchNorm makes (see
// wasm-batch-norm-training.ts for the formulas), in double like the JavaScript they replace.
// Values are NHWC with C channels; the per-channel constants come as "patterns": f64 arrays of
// `period` = lcm(C, 4) entries, entry p holding channel p mod C's value, so every f32x4 of the
// activation lines up with its channels' constants. Sums are kept per pattern position (the
// caller adds the positions of a channel together). `count` floats need not fill whole periods:
// the tail is summed one value at a time.

const F32 = 4;
const F64 = 8;

/** Σ (x − origin) and Σ (x − origin)² per pattern position. */
export function batchNormMomentSums(
  x: usize,
  count: i32,
  period: i32,
  origin: usize,
  sums: usize,
  squares: usize,
): void {
  clear(sums, period);
  clear(squares, period);
  const whole = count - (count % period);
  for (let base = 0; base < whole; base += period) {
    for (let p = 0; p < period; p += 4) {
      const v = v128.load(x + <usize>(base + p) * F32);
      const at = <usize>p * F64;
      const lo = f64x2.sub(f64x2.promote_low_f32x4(v), v128.load(origin + at));
      const hi = f64x2.sub(f64x2.promote_low_f32x4(highHalf(v)), v128.load(origin + at, 16));
      v128.store(sums + at, f64x2.add(v128.load(sums + at), lo));
      v128.store(sums + at, f64x2.add(v128.load(sums + at, 16), hi), 16);
      v128.store(squares + at, f64x2.add(v128.load(squares + at), f64x2.mul(lo, lo)));
      v128.store(squares + at, f64x2.add(v128.load(squares + at, 16), f64x2.mul(hi, hi)), 16);
    }
  }
  for (let i = whole; i < count; i++) {
    const at = <usize>(i - whole) * F64;
    const d = <f64>load<f32>(x + <usize>i * F32) - load<f64>(origin + at);
    store<f64>(sums + at, load<f64>(sums + at) + d);
    store<f64>(squares + at, load<f64>(squares + at) + d * d);
  }
}

/** Σ dy and Σ dy·(x − mean) per pattern position. */
export function batchNormGradientSums(
  dy: usize,
  x: usize,
  count: i32,
  period: i32,
  mean: usize,
  sumDy: usize,
  sumDyCentred: usize,
): void {
  clear(sumDy, period);
  clear(sumDyCentred, period);
  const whole = count - (count % period);
  for (let base = 0; base < whole; base += period) {
    for (let p = 0; p < period; p += 4) {
      const offset = <usize>(base + p) * F32;
      const g = v128.load(dy + offset);
      const v = v128.load(x + offset);
      const at = <usize>p * F64;
      const gLo = f64x2.promote_low_f32x4(g);
      const gHi = f64x2.promote_low_f32x4(highHalf(g));
      const cLo = f64x2.sub(f64x2.promote_low_f32x4(v), v128.load(mean + at));
      const cHi = f64x2.sub(f64x2.promote_low_f32x4(highHalf(v)), v128.load(mean + at, 16));
      v128.store(sumDy + at, f64x2.add(v128.load(sumDy + at), gLo));
      v128.store(sumDy + at, f64x2.add(v128.load(sumDy + at, 16), gHi), 16);
      v128.store(sumDyCentred + at, f64x2.add(v128.load(sumDyCentred + at), f64x2.mul(gLo, cLo)));
      v128.store(
        sumDyCentred + at,
        f64x2.add(v128.load(sumDyCentred + at, 16), f64x2.mul(gHi, cHi)),
        16,
      );
    }
  }
  for (let i = whole; i < count; i++) {
    const at = <usize>(i - whole) * F64;
    const g = <f64>load<f32>(dy + <usize>i * F32);
    const c = <f64>load<f32>(x + <usize>i * F32) - load<f64>(mean + at);
    store<f64>(sumDy + at, load<f64>(sumDy + at) + g);
    store<f64>(sumDyCentred + at, load<f64>(sumDyCentred + at) + g * c);
  }
}

/** out = x·scale + shift, in double, rounded once to float32. */
export function batchNormScaleShift(
  x: usize,
  out: usize,
  count: i32,
  period: i32,
  scale: usize,
  shift: usize,
): void {
  const whole = count - (count % period);
  for (let base = 0; base < whole; base += period) {
    for (let p = 0; p < period; p += 4) {
      const offset = <usize>(base + p) * F32;
      const v = v128.load(x + offset);
      const at = <usize>p * F64;
      const lo = f64x2.add(
        f64x2.mul(f64x2.promote_low_f32x4(v), v128.load(scale + at)),
        v128.load(shift + at),
      );
      const hi = f64x2.add(
        f64x2.mul(f64x2.promote_low_f32x4(highHalf(v)), v128.load(scale + at, 16)),
        v128.load(shift + at, 16),
      );
      v128.store(out + offset, joinHalves(lo, hi));
    }
  }
  for (let i = whole; i < count; i++) {
    const at = <usize>(i - whole) * F64;
    const v = <f64>load<f32>(x + <usize>i * F32);
    store<f32>(out + <usize>i * F32, <f32>(v * load<f64>(scale + at) + load<f64>(shift + at)));
  }
}

/** out = a·dy + b·x + shift, in double (in that order), rounded once to float32. */
export function batchNormInputGradient(
  dy: usize,
  x: usize,
  out: usize,
  count: i32,
  period: i32,
  a: usize,
  b: usize,
  shift: usize,
): void {
  const whole = count - (count % period);
  for (let base = 0; base < whole; base += period) {
    for (let p = 0; p < period; p += 4) {
      const offset = <usize>(base + p) * F32;
      const g = v128.load(dy + offset);
      const v = v128.load(x + offset);
      const at = <usize>p * F64;
      const lo = f64x2.add(
        f64x2.add(
          f64x2.mul(v128.load(a + at), f64x2.promote_low_f32x4(g)),
          f64x2.mul(v128.load(b + at), f64x2.promote_low_f32x4(v)),
        ),
        v128.load(shift + at),
      );
      const hi = f64x2.add(
        f64x2.add(
          f64x2.mul(v128.load(a + at, 16), f64x2.promote_low_f32x4(highHalf(g))),
          f64x2.mul(v128.load(b + at, 16), f64x2.promote_low_f32x4(highHalf(v))),
        ),
        v128.load(shift + at, 16),
      );
      v128.store(out + offset, joinHalves(lo, hi));
    }
  }
  for (let i = whole; i < count; i++) {
    const at = <usize>(i - whole) * F64;
    const g = <f64>load<f32>(dy + <usize>i * F32);
    const v = <f64>load<f32>(x + <usize>i * F32);
    const value = load<f64>(a + at) * g + load<f64>(b + at) * v + load<f64>(shift + at);
    store<f32>(out + <usize>i * F32, <f32>value);
  }
}

function clear(values: usize, length: i32): void {
  memory.fill(values, 0, <usize>length * F64);
}

/** Lanes 2 and 3 moved to 0 and 1, for promote_low. */
function highHalf(v: v128): v128 {
  return i32x4.shuffle(v, v, 2, 3, 0, 1);
}

/** Two f64x2 rounded to float32, as one f32x4 (lo's lanes first). */
function joinHalves(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
