// The live models behind the Learn view, read on the page's thread: the trained float model (its
// bytes from model_registry, decoded once per model id) and the files the Learn view quantizes
// from it with the slider's threshold (cached per distinct file). Both are small (≈ 84 KB, one
// Dense layer of 20,280 weights): decoding and quantizing take milliseconds; evaluation over test
// images runs in the lab worker (slices/learn.ts).

import { useEffect, useMemo, useState } from 'react';
import { findFloatDense, type FloatDense } from '../../../core/learn/dense_layer';
import { quantizeWithThreshold, type ThresholdChoices } from '../../../core/learn/threshold';
import { exampleWeight, weightGrid, type WeightGrid } from '../../../core/learn/weight_grid';
import type { QuantReport } from '../../../core/quantize/report';
import type { Model } from '../../../core/tflite/ir';
import { readModel } from '../../../core/tflite/reader';
import { quantizedFileName } from '../../../state/file_names';
import { learnRunKey } from '../../../state/slices/learn';
import { hasModel, modelFile } from '../../../state/model_registry';
import { useStore } from '../../../state/store';

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: string };

export interface FloatLesson {
  id: string;
  fileName: string;
  fileBytes: number;
  model: Model;
  dense: FloatDense;
}

/** The trained float model, decoded; null when there is none. */
export function useFloatLesson(): Loaded<FloatLesson> | null {
  const id = useStore((s) => s.roles.trainedFloat);
  return useMemo(() => {
    if (!id || !hasModel(id)) return null;
    try {
      const f = modelFile(id);
      const model = readModel(f.bytes, f.fileName);
      return { status: 'ready', value: { id, fileName: f.fileName, fileBytes: f.bytes.length, model, dense: findFloatDense(model, f.fileName) } };
    } catch (e) {
      return { status: 'error', error: (e as Error).message };
    }
  }, [id]);
}

/** The DRQ int8 settings the lessons use: the app's preset and per-channel knob, int8 whatever the mode. */
export function useLessonChoices(): ThresholdChoices & { appMode: 'int8' | 'float16' } {
  const preset = useStore((s) => s.knobs.preset);
  const perChannel = useStore((s) => s.knobs.perChannel);
  const appMode = useStore((s) => s.knobs.mode);
  return useMemo(() => ({ preset, perChannel, appMode }), [preset, perChannel, appMode]);
}

export interface QuantizedFile {
  key: string;
  fileName: string;
  bytes: Uint8Array;
  model: Model;
  report: QuantReport;
}

const files = new Map<string, Promise<QuantizedFile | null>>();

/** The file a threshold gives (null: nothing qualifies, the float file itself). Same key, same file. */
export function quantizedFile(lesson: FloatLesson, choices: ThresholdChoices, minElements: number, outcomeKey: string): Promise<QuantizedFile | null> {
  const key = learnRunKey(lesson.id, choices.preset, choices.perChannel, outcomeKey);
  let p = files.get(key);
  if (!p) {
    if (![...files.keys()].every((k) => k.startsWith(`${lesson.id}|`))) files.clear(); // another trained model: start over
    const fileName = quantizedFileName(lesson.fileName, { mode: 'int8', preset: choices.preset });
    p = quantizeWithThreshold(lesson.model, lesson.fileBytes, choices, minElements, lesson.fileName)
      .then((r) => (r ? { key, fileName, bytes: r.bytes, model: r.model, report: r.report } : null));
    p.catch(() => files.delete(key));
    files.set(key, p);
  }
  return p;
}

export function useQuantizedFile(lesson: FloatLesson | null, choices: ThresholdChoices, minElements: number, outcomeKey: string | null): Loaded<QuantizedFile | null> {
  const [state, setState] = useState<{ key: string; loaded: Loaded<QuantizedFile | null> } | null>(null);
  const key = lesson && outcomeKey ? learnRunKey(lesson.id, choices.preset, choices.perChannel, outcomeKey) : null;
  useEffect(() => {
    if (!lesson || !outcomeKey || !key) return;
    let live = true;
    quantizedFile(lesson, choices, minElements, outcomeKey).then(
      (value) => { if (live) setState({ key, loaded: { status: 'ready', value } }); },
      (e: Error) => { if (live) setState({ key, loaded: { status: 'error', error: e.message } }); },
    );
    return () => { live = false; };
    // Keyed on the file: another minElements with the same outcome key is the same file.
  }, [key]);
  return state && state.key === key ? state.loaded : { status: 'loading' };
}

const grids = new WeakMap<FloatDense, WeightGrid>();

/** The Dense weight on the int8 grid (per-tensor), computed once per model. */
export function denseGrid(d: FloatDense): WeightGrid {
  let g = grids.get(d);
  if (!g) grids.set(d, (g = weightGrid(d.weights, [d.units, d.inDepth])));
  return g;
}

/** The weight picked in step 1 (steps 1 and 2 show it): the store's choice, else an example weight. */
export function usePickedWeight(lesson: FloatLesson): number {
  const stored = useStore((s) => s.learnWeight);
  const d = lesson.dense;
  return useMemo(() => {
    if (stored !== null && stored >= 0 && stored < d.weights.length) return stored;
    return exampleWeight(denseGrid(d), d.weights);
  }, [stored, d]);
}
