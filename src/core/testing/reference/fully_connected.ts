// Naive reference FULLY_CONNECTED: out[b][u] = act(bias[u] + Σ_i in[b][i] · w[u][i]), plain loops.

import type { Activation } from '../../tflite/options';
import { refActivation } from './conv';

/** input: batch·inDepth values, weights [units, inDepth], bias [units] or null → [batch, units]. */
export function refFullyConnected(
  input: Float32Array, weights: Float32Array, units: number, inDepth: number, bias: Float32Array | null, act: Activation,
): Float32Array {
  const batch = input.length / inDepth;
  const out = new Float32Array(batch * units);
  for (let b = 0; b < batch; b++) {
    for (let u = 0; u < units; u++) {
      let sum = bias ? bias[u] : 0;
      for (let i = 0; i < inDepth; i++) sum += input[b * inDepth + i] * weights[u * inDepth + i];
      out[b * units + u] = refActivation(sum, act);
    }
  }
  return out;
}
