// Step 6 of the Learn view: the measured figures side by side, float vs DRQ, and what they say.
// The inputs are measurements (file sizes; accuracy and time per image from evaluating both
// models on the same test images in this browser); the outputs are ratios and differences the
// view puts into words. No figure here is assumed.

export interface MeasuredModel {
  fileBytes: number;
  accuracy: number;
  msPerImage: number;
}

export interface DrqFigures {
  float: MeasuredModel;
  drq: MeasuredModel;
  images: number;
  /** Fraction of images where both predict the same class, when known. */
  agreement: number | null;
}

export interface DrqVerdict {
  /** float size / DRQ size: "3.6× smaller". */
  sizeRatio: number;
  bytesSaved: number;
  /** DRQ accuracy − float accuracy, in percentage points. */
  accuracyDeltaPoints: number;
  /** One image is this many test images (100 / images): the smallest accuracy step. */
  pointsPerImage: number;
  /** DRQ time / float time: < 1 means DRQ ran faster here. */
  timeRatio: number;
  faster: boolean;
}

export function drqVerdict(f: DrqFigures): DrqVerdict {
  const timeRatio = f.float.msPerImage > 0 ? f.drq.msPerImage / f.float.msPerImage : NaN;
  return {
    sizeRatio: f.drq.fileBytes > 0 ? f.float.fileBytes / f.drq.fileBytes : NaN,
    bytesSaved: f.float.fileBytes - f.drq.fileBytes,
    accuracyDeltaPoints: (f.drq.accuracy - f.float.accuracy) * 100,
    pointsPerImage: f.images > 0 ? 100 / f.images : NaN,
    timeRatio,
    faster: timeRatio < 1,
  };
}

/** Repeated alternating timings of the two models: DRQ time / float time per round. */
export interface TimingSpread {
  ratios: number[];
  median: number;
  min: number;
  max: number;
  /** 'faster' / 'slower': DRQ was so in every round; 'mixed': the rounds disagree. */
  verdict: 'faster' | 'slower' | 'mixed';
}

export function timingSpread(rounds: readonly { floatMs: number; drqMs: number }[]): TimingSpread | null {
  const ratios = rounds.filter((r) => r.floatMs > 0).map((r) => r.drqMs / r.floatMs);
  if (ratios.length === 0) return null;
  const sorted = [...ratios].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const verdict = sorted[sorted.length - 1] < 1 ? 'faster' : sorted[0] > 1 ? 'slower' : 'mixed';
  return { ratios, median, min: sorted[0], max: sorted[sorted.length - 1], verdict };
}
