// Naive reference softmax over the last dimension, straight from the definition (no max
// subtraction: inputs in tests are small enough not to overflow).

export function refSoftmax(x: Float32Array, depth: number, beta: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let r = 0; r < x.length / depth; r++) {
    let sum = 0;
    for (let c = 0; c < depth; c++) sum += Math.exp(beta * x[r * depth + c]);
    for (let c = 0; c < depth; c++) out[r * depth + c] = Math.exp(beta * x[r * depth + c]) / sum;
  }
  return out;
}
