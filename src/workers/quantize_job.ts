// One quantization in the lab worker: bytes + knobs → new bytes + the report the UI renders.
// The core does the work (quantize/pipeline.ts: read → plan → apply → write → report); this file
// only turns knobs into a policy, reports progress, and flattens the report for the page.

import { makePolicy } from '../core/quantize/policy';
import { quantizeFile } from '../core/quantize/pipeline';
import type { QuantReport } from '../core/quantize/report';
import { quantizedFileName } from '../state/file_names';
import type { Knobs, ProgressEvent, QuantizeReportView, QuantizeResult } from './lab_types';

export function reportView(r: QuantReport, knobs: Knobs, dtypeBefore: Map<number, string>, ms: number): QuantizeReportView {
  const rows = r.tensors.filter((t) => t.subgraph === 0).map((t) => ({
    tensorIndex: t.index,
    name: t.name,
    shape: t.shape,
    elements: t.elements,
    action: t.kind,
    reason: t.reason,
    dtypeBefore: dtypeBefore.get(t.index) ?? '?',
    dtypeAfter: t.kind === 'int8' ? 'int8' : t.kind === 'float16' ? 'float16' : dtypeBefore.get(t.index) ?? '?',
    bytesBefore: t.bytesBefore,
    bytesAfter: t.bytesAfter,
    axis: t.axis,
    channels: t.kind === 'int8' ? t.channels : 0,
    sqnrDb: t.sqnrDb,
    scaleRange: t.scaleRange,
  }));
  return {
    policy: r.policy,
    knobs,
    rows,
    fileBytesBefore: r.file.bytesBefore,
    fileBytesAfter: r.file.bytesAfter,
    // The core's ratio is after / before; the UI says "N× smaller", so before / after.
    ratio: r.file.bytesAfter > 0 ? r.file.bytesBefore / r.file.bytesAfter : 0,
    quantizedCount: r.totals.int8Tensors + r.totals.float16Tensors,
    keptCount: r.totals.keptTensors,
    constantBytesBefore: r.totals.constantBytesBefore,
    constantBytesAfter: r.totals.constantBytesAfter,
    overallSqnrDb: r.totals.overallSqnrDb,
    dequantizeOpsAdded: r.dequantizeOpsAdded,
    versionChanges: r.opVersions.map((c) => (c.before === null ? `${c.op} added (v${c.after})` : `${c.op} v${c.before} → v${c.after}`)),
    minRuntimeBefore: r.minRuntimeVersion.before,
    minRuntimeAfter: r.minRuntimeVersion.after,
    ms,
  };
}

export async function quantizeBytes(
  bytes: Uint8Array, fileName: string, knobs: Knobs, onProgress: (p: ProgressEvent) => void, signal: AbortSignal,
): Promise<QuantizeResult> {
  const t0 = performance.now();
  const policy = makePolicy({ preset: knobs.preset, mode: knobs.mode, minElements: knobs.minElements, perChannel: knobs.perChannel });
  let last = -1;
  const result = await quantizeFile(bytes, policy, {
    fileName,
    signal,
    onProgress: (f) => {
      // Progress messages are cheap but not free: at most one per percent.
      const pct = Math.floor(f * 100);
      if (pct !== last) { last = pct; onProgress({ fraction: f, label: `Quantizing ${fileName}` }); }
    },
  });
  const dtypes = new Map<number, string>();
  result.plan.tensors.forEach((t) => { if (t.subgraph === 0) dtypes.set(t.index, t.dtype); });
  const report = reportView(result.report, knobs, dtypes, performance.now() - t0);
  return { bytes: result.bytes, fileName: quantizedFileName(fileName, knobs), report };
}
