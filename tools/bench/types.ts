// The shapes every bench section shares: what it gets (the context) and what it gives back (table
// rows, a one-line summary, and the numeric keys of the --json line).

import type { ImageSet } from '../../src/core/data/mnist';

export interface BenchContext {
  /** The MNIST test set (10,000 images unless --limit). */
  testSet: ImageSet;
  /** Interleaved rounds per side; the median is reported. */
  rounds: number;
  /** --profile: also time our interpreter per op type. */
  profile: boolean;
  /** --chunk N: images per invoke for our interpreter; undefined = evaluate.ts's default (what the app runs). */
  chunkSize?: number;
  exists(file: string): boolean;
  /** Progress lines (stderr, so --json stdout stays clean). */
  log(line: string): void;
}

/** One line of the table. Eval rows are images over the test set; other sections say what `items` are. */
export interface TableRow {
  section: string;
  model: string;
  engine: string;
  /** Images evaluated (eval sections) or the section's own unit, e.g. training images per epoch. */
  images: number;
  /** Median wall time, ms. */
  ms: number;
  /** Median CPU time of this process over the same runs, ms (NaN when not measured, e.g. in a browser). */
  cpuMs: number;
  msPerImage: number;
  /** Fraction right; NaN when the row has no accuracy (e.g. quantizing). */
  accuracy: number;
}

export type SectionResult =
  | { skipped: string }
  | { rows: TableRow[]; summary: string; keys: Record<string, number> };

export interface BenchSection {
  /** Short name for --only (e.g. 'drq'). */
  id: string;
  title: string;
  /** Training sections: left out by --skip-train. */
  training?: boolean;
  run(ctx: BenchContext): Promise<SectionResult>;
}
