// Naive reference of XNNPACK's dynamically quantized FULLY_CONNECTED (QD8 activations × QC8 int8
// weights), the algorithm LiteRT.js runs for hybrid FULLY_CONNECTED (its 'wasm' CPU accelerator
// delegates these ops to XNNPACK). Used to explain the LiteRT.js goldens: it differs from TFLite's
// builtin hybrid kernel (reference/hybrid.ts) in how it quantizes each input row and in the order of
// the output float steps. Sources (google/XNNPACK): src/xnnpack/quantization.h
// xnn_qd8_asymmetric_quantization_params; the f32→qd8 convert (round to nearest even); the
// qd8-f32-qc8w GEMM epilogue ((float(acc) · input scale) · channel scale + bias, then clamp).
//
// Per row, all steps in float32 (fr):
//   lo = min(0, min x), hi = max(0, max x); m = fr(255 / fr(hi − lo)) (1 when lo = hi)
//   zp = rne(clamp(fr(−128 + fr(lo·m)) + fr(127 + fr(hi·m)) > 0 ? fr(−128 − fr(lo·m)) : fr(127 − fr(hi·m)), −128, 127))
//   q = rne(clamp(fr(x·m), −128 − zp, 127 − zp)) + zp;   input scale s = fr(1 / m)
//   y = act(fr(fr(fr(fr(Σ w·(q − zp)) · s) · ws[u]) + bias[u]))

import type { Activation } from '../../tflite/options';
import { refHybridActivation, type RefHybridWeights } from './hybrid';

const fr = Math.fround;

/** Round half to even (lrintf / the magic-number conversion). */
function rne(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d !== 0.5) return d < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** One FULLY_CONNECTED layer: input batch·inDepth, int8 weights [units, inDepth] → [batch, units]. */
export function refXnnpackQd8FullyConnected(
  input: Float32Array, w: RefHybridWeights, units: number, inDepth: number, bias: Float32Array | null, act: Activation,
): Float32Array {
  const batch = input.length / inDepth;
  const out = new Float32Array(batch * units);
  for (let b = 0; b < batch; b++) {
    const x = input.subarray(b * inDepth, (b + 1) * inDepth);
    let lo = 0;
    let hi = 0;
    for (const v of x) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const m = lo === hi ? 1 : fr(255 / fr(hi - lo));
    const dlo = fr(lo * m);
    const dhi = fr(hi * m);
    let zpf = fr(fr(-128 + dlo) + fr(127 + dhi)) > 0 ? fr(-128 - dlo) : fr(127 - dhi);
    zpf = Math.min(127, Math.max(-128, zpf));
    const zp = rne(zpf);
    const s = fr(1 / m);
    const q = Array.from(x, (v) => rne(Math.min(127 - zp, Math.max(-128 - zp, fr(v * m)))) + zp);
    for (let u = 0; u < units; u++) {
      let acc = 0;
      for (let i = 0; i < inDepth; i++) acc += w.q[u * inDepth + i] * (q[i] - zp);
      const ws = w.scales.length > 1 ? w.scales[u] : w.scales[0];
      out[b * units + u] = refHybridActivation(fr(fr(fr(fr(acc) * s) * ws) + (bias ? bias[u] : 0)), act);
    }
  }
  return out;
}
