// Naive reference LSTM: the textbook equations (with TFLite's options: CIFG, peephole, layer
// norm, projection, clipping, diagonal recurrent weights), plain number arrays, all in double.
// Weights are row-major: W [nCell][nInput] flattened, R [nCell][nOutput] flattened (or [nCell]).

export interface RefLstmGate {
  W: ArrayLike<number>;
  R: ArrayLike<number>;
  Rdiag?: boolean;
  P?: ArrayLike<number>; // peephole
  L?: ArrayLike<number>; // layer-norm coefficients
  b: ArrayLike<number>;
}

export interface RefLstm {
  nInput: number;
  nCell: number;
  nOutput: number;
  i?: RefLstmGate; // absent: CIFG
  f: RefLstmGate;
  g: RefLstmGate; // cell gate
  o: RefLstmGate;
  proj?: ArrayLike<number>;
  projBias?: ArrayLike<number>;
  act: (v: number) => number;
  cellClip?: number;
  projClip?: number;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));
const clip = (v: number, c: number | undefined): number => (c && c > 0 ? Math.min(c, Math.max(-c, v)) : v);

function gate(m: RefLstm, gw: RefLstmGate, x: number[], h: number[], c: number[] | null, act: (v: number) => number): number[] {
  const pre: number[] = [];
  for (let r = 0; r < m.nCell; r++) {
    let v = gw.L ? 0 : gw.b[r];
    for (let k = 0; k < m.nInput; k++) v += gw.W[r * m.nInput + k] * x[k];
    if (gw.Rdiag) v += gw.R[r] * h[r];
    else for (let k = 0; k < m.nOutput; k++) v += gw.R[r * m.nOutput + k] * h[k];
    if (gw.P && c) v += gw.P[r] * c[r];
    pre.push(v);
  }
  if (gw.L) {
    const mean = pre.reduce((s, v) => s + v, 0) / m.nCell;
    const variance = pre.reduce((s, v) => s + (v - mean) ** 2, 0) / m.nCell;
    for (let r = 0; r < m.nCell; r++) pre[r] = ((pre[r] - mean) / Math.sqrt(variance + 1e-8)) * gw.L[r] + gw.b[r];
  }
  return pre.map(act);
}

/** Runs the sequence xs (each of nInput) from states h, c (updated in place); returns every h. */
export function refLstmSequence(m: RefLstm, xs: number[][], h: number[], c: number[]): number[][] {
  const outs: number[][] = [];
  for (const x of xs) {
    const hPrev = h.slice();
    const fg = gate(m, m.f, x, hPrev, c, sigmoid);
    const ig = m.i ? gate(m, m.i, x, hPrev, c, sigmoid) : fg.map((v) => 1 - v);
    const gg = gate(m, m.g, x, hPrev, null, m.act);
    for (let r = 0; r < m.nCell; r++) c[r] = clip(fg[r] * c[r] + ig[r] * gg[r], m.cellClip);
    const og = gate(m, m.o, x, hPrev, c, sigmoid);
    const hidden = og.map((v, r) => v * m.act(c[r]));
    for (let r = 0; r < m.nOutput; r++) {
      if (m.proj) {
        let v = m.projBias ? m.projBias[r] : 0;
        for (let k = 0; k < m.nCell; k++) v += m.proj[r * m.nCell + k] * hidden[k];
        h[r] = clip(v, m.projClip);
      } else {
        h[r] = hidden[r];
      }
    }
    outs.push(h.slice());
  }
  return outs;
}
