// LiteRT.js goldens (made by tools/goldens/litert_goldens.ts through the shared oracle's --litert
// engine) for shared models the tfjs-tflite runtime refuses: FULLY_CONNECTED v12. Node only.
//
//   const g = litertGoldens('har_mlp_drq');           // g.variants: default (relaxed SIMD), compat
//   const model = g.keepOps === null ? readModel(bytes) : truncateModel(readModel(bytes), g.keepOps);

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Model } from '../../../tflite/ir';
import type { TensorValue } from '../../../interpreter/kernel';
import { drawModelInputs, type Gen } from '../case';
import { decodeStored } from '../index';

const HERE = path.dirname(fileURLToPath(import.meta.url));

interface LitertJson {
  format: string;
  name: string;
  file: string;
  sha256: string;
  keepOps: number | null;
  note: string;
  input: { dtype: 'float32'; shape: number[]; gen: Gen };
  variants: {
    variant: string;
    runtime: Record<string, unknown>;
    cases: { seed: number; checksum: string; output: { dtype: 'float32'; shape: number[]; base64: string } }[];
  }[];
}

export interface LitertCase {
  seed: number;
  input: TensorValue;
  /** LiteRT.js's output (float32). */
  expected: Float32Array;
}

export interface LitertGolden {
  name: string;
  /** The shared model file and its sha256. */
  file: string;
  sha256: string;
  /** null: the whole model; k: the model cut after its first k operators (see truncateModel). */
  keepOps: number | null;
  note: string;
  variants: { variant: string; cases: LitertCase[] }[];
}

export function litertGoldens(name: string): LitertGolden {
  const json = JSON.parse(readFileSync(path.join(HERE, `${name}.json`), 'utf8')) as LitertJson;
  return {
    name: json.name, file: json.file, sha256: json.sha256, keepOps: json.keepOps, note: json.note,
    variants: json.variants.map((v) => ({
      variant: v.variant,
      cases: v.cases.map((c) => {
        const drawn = drawModelInputs(c.seed, [json.input]);
        if (drawn.checksum !== c.checksum) throw new Error(`litert goldens ${name} seed ${c.seed}: input checksum ${drawn.checksum} != stored ${c.checksum}`);
        return {
          seed: c.seed,
          input: { dtype: 'float32', shape: [...json.input.shape], data: drawn.values[0], quantization: null },
          expected: decodeStored(c.output) as Float32Array,
        };
      }),
    })),
  };
}

/**
 * The model cut after its first `keepOps` operators: the output of operator keepOps − 1 becomes the
 * (only) graph output, and the signature is re-pointed (LiteRT.js finds outputs through it). Used to
 * compare single hybrid layers without the float layers or SOFTMAX after them.
 */
export function truncateModel(model: Model, keepOps: number): Model {
  const sg = model.subgraphs[0];
  if (keepOps < 1 || keepOps > sg.operators.length) throw new Error(`truncateModel: cannot keep ${keepOps} of ${sg.operators.length} operators`);
  const out = sg.operators[keepOps - 1].outputs[0];
  const subgraph = { ...sg, operators: sg.operators.slice(0, keepOps), outputs: [out] };
  const signatureDefs = model.signatureDefs.map((d) => ({ ...d, outputs: d.outputs.slice(0, 1).map((o) => ({ ...o, tensorIndex: out })) }));
  return { ...model, subgraphs: [subgraph, ...model.subgraphs.slice(1)], signatureDefs };
}
