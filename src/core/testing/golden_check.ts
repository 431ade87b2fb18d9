// Runs the official-runtime goldens of one op (src/core/testing/goldens/ops/<OP>.json) through our
// Interpreter and reports, per case, how far our outputs are from the official ones. Used by each
// kernel test ("official goldens" block) so adding an op's golden check is one line.
//
// Agreement: maxRelDiff (max |ours − official| / max |official|) ≤ rel for float outputs; exact
// equality for integer outputs. Cases the official runtime refused must be refused by us too.

import { Interpreter } from '../interpreter/interpreter';
import { opGoldens, type OpGolden } from './goldens/index';
import { maxRelDiff } from './tolerance';

export interface GoldenResult {
  title: string;
  /** Worst maxRelDiff over the case's outputs (0 for exact integer matches). */
  worst: number;
}

/** Throws on the first case that disagrees; returns every case's worst difference. */
export function checkOpGoldens(op: string, rel: number, only?: (g: OpGolden) => boolean): GoldenResult[] {
  const results: GoldenResult[] = [];
  const cases = opGoldens(op).filter((g) => (only ? only(g) : true));
  if (cases.length === 0) throw new Error(`no golden cases for ${op}`);
  for (const g of cases) {
    if (g.error !== null) {
      let refused = false;
      try {
        Interpreter.create(g.model).invoke(g.inputs);
      } catch {
        refused = true;
      }
      if (!refused) throw new Error(`${g.title}: the official runtime refused it (${g.error}) but we ran it`);
      results.push({ title: g.title, worst: 0 });
      continue;
    }
    const outs = Interpreter.create(g.model).invoke(g.inputs);
    if (outs.length !== g.expected.length) throw new Error(`${g.title}: ${outs.length} outputs, official has ${g.expected.length}`);
    let worst = 0;
    outs.forEach((o, i) => {
      const e = g.expected[i];
      if (o.dtype !== e.dtype) throw new Error(`${g.title} output ${i}: dtype ${o.dtype}, official ${e.dtype}`);
      if (o.shape.join(',') !== e.shape.join(',')) throw new Error(`${g.title} output ${i}: shape [${o.shape}], official [${e.shape}]`);
      if (o.dtype === 'float32') {
        const d = maxRelDiff(o.data as Float32Array, e.data as Float32Array);
        if (!(d <= rel)) throw new Error(`${g.title} output ${i}: maxRelDiff ${d} > ${rel}`);
        worst = Math.max(worst, d);
      } else {
        const a = Array.from(o.data as ArrayLike<number | bigint>, String);
        const b = Array.from(e.data as ArrayLike<number | bigint>, String);
        const k = a.findIndex((v, j) => v !== b[j]);
        if (k >= 0 || a.length !== b.length) throw new Error(`${g.title} output ${i}: element ${k} is ${a[k]}, official ${b[k]}`);
      }
    });
    results.push({ title: g.title, worst });
  }
  return results;
}
