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
  exists(file: string): boolean;
  /** Progress lines (stderr, so --json stdout stays clean). */
  log(line: string): void;
}

export interface TableRow {
  section: string;
  model: string;
  engine: string;
  images: number;
  ms: number;
  msPerImage: number;
  accuracy: number;
}

export type SectionResult =
  | { skipped: string }
  | { rows: TableRow[]; summary: string; keys: Record<string, number> };

export interface BenchSection {
  title: string;
  run(ctx: BenchContext): Promise<SectionResult>;
}
