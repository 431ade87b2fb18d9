// The sums behind AVERAGE_POOL_2D and a spatial MEAN, added up as XNNPACK adds them, because the
// official runtime (TFLite with its default XNNPACK delegate) runs these float ops there and an
// average often feeds a hybrid op, whose on-the-fly int8 quantization turns one ulp into a code
// flip. Found against the official goldens (testing/goldens/ops: AVERAGE_POOL_2D, MEAN), every
// step a float32 add:
// - a pooling window: its taps column-major (kx outer, ky inner, a padding tap counting as 0 in
//   its slot), summed 9 at a time as the tree ((t0+t1)+t8 + (t6+t7)) + ((t2+t3)+(t4+t5)), then 8
//   at a time with the running sum a in t8's place; times the float32 1/(in-bounds taps);
// - a whole image (a window covering the input without padding, or MEAN over H and W): the
//   pixels in order, 7 at a time as ((p0+p1)+p6) + ((p2+p3)+(p4+p5)), then 7 at a time as
//   ((p0+p1)+(p2+p3)) + ((p4+p5)+(p6+a)); times the float32 1/(H·W).

const fr = Math.fround;

/** XNNPACK's window sum of v[0 .. n) (already in tap order; missing slots count as 0). */
export function windowSum(v: ArrayLike<number>, n: number): number {
  const t = (i: number) => (i < n ? v[i] : 0);
  let acc = tree(t(0), t(1), t(2), t(3), t(4), t(5), t(6), t(7), t(8));
  for (let i = 9; i < n; i += 8) acc = tree(t(i), t(i + 1), t(i + 2), t(i + 3), t(i + 4), t(i + 5), t(i + 6), t(i + 7), acc);
  return acc;
}

function tree(t0: number, t1: number, t2: number, t3: number, t4: number, t5: number, t6: number, t7: number, t8: number): number {
  const s018 = fr(fr(t0 + t1) + t8);
  const s2345 = fr(fr(t2 + t3) + fr(t4 + t5));
  return fr(s2345 + fr(s018 + fr(t6 + t7)));
}

/** XNNPACK's whole-image sum of x[off + p·stride] for pixels p in [0, n). */
export function imageSum(x: ArrayLike<number>, off: number, stride: number, n: number): number {
  const p = (i: number) => (i < n ? x[off + i * stride] : 0);
  let acc = fr(fr(fr(p(0) + p(1)) + p(6)) + fr(fr(p(2) + p(3)) + fr(p(4) + p(5))));
  for (let i = 7; i < n; i += 7) {
    acc = fr(fr(fr(p(i) + p(i + 1)) + fr(p(i + 2) + p(i + 3))) + fr(fr(p(i + 4) + p(i + 5)) + fr(p(i + 6) + acc)));
  }
  return acc;
}

/** The float32 average XNNPACK writes: the sum times the float32 reciprocal of the count. */
export function averageOf(sum: number, count: number): number {
  return fr(sum * fr(1 / count));
}
