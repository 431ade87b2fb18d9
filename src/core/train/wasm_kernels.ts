// Kernels for @tensorflow/tfjs-backend-wasm 4.22 that training needs.
//
// 1. Conv2DBackpropFilter (the gradient of a Conv2D with respect to its filter) is not registered
//    for 'wasm', so the first training step of any Conv2D model fails with "Kernel
//    'Conv2DBackpropFilter' not registered for backend 'wasm'". We add it as im2col + one
//    BatchMatMul on the wasm heap:
//      P [K, M]   K = kH·kW·inC (one row per filter tap), M = batch·outH·outW (one column per
//                 output pixel); P[k, m] is the input pixel tap k sees at output m (0 in padding).
//      dy [M, outC]  the incoming gradient, NHWC, viewed flat.
//      dW [K, outC] = P · dy, which read row-major is the filter gradient [kH, kW, inC, outC] (HWIO).
//    Building P already transposed ([K, M], not [M, K]) lets BatchMatMul run with no transposes:
//    the fastest of the three layouts measured in the training notes.
//
// 2. MaxPoolGrad replaces the library's: its C++ loop takes ~30 % of a training step here
//    (tools/bench/train_loop.ts --profile), and it routes the gradient of a window whose values
//    are all ≤ 0 to element 0 of the whole tensor (its running max starts at FLT_MIN, the smallest
//    positive float). Ours follows TensorFlow and tfjs-cpu: the gradient goes to the first maximum
//    of each window in row-major scan order; padding never wins.

import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Geometry of one Conv2D, NHWC, as the im2col loop needs it (pads are the top/left padding). */
export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padTop: number;
  padLeft: number;
}

/**
 * Fills `patches` [K, M] (layout above) from input x [batch, inH, inW, inC]. Entries that fall in
 * the padding are written as 0, so `patches` need not be zeroed first.
 */
export function im2colTransposed(x: Float32Array, g: ConvGeometry, patches: Float32Array): void {
  const M = g.batch * g.outH * g.outW;
  if (patches.length < g.kH * g.kW * g.inC * M) throw new Error('im2colTransposed: patch buffer too small');
  for (let kh = 0; kh < g.kH; kh++) {
    for (let kw = 0; kw < g.kW; kw++) {
      for (let ci = 0; ci < g.inC; ci++) {
        const row = ((kh * g.kW + kw) * g.inC + ci) * M;
        for (let b = 0; b < g.batch; b++) {
          for (let oh = 0; oh < g.outH; oh++) {
            const ih = oh * g.strideH + kh * g.dilationH - g.padTop;
            let m = row + (b * g.outH + oh) * g.outW;
            if (ih < 0 || ih >= g.inH) {
              patches.fill(0, m, m + g.outW);
              continue;
            }
            const xRow = (b * g.inH + ih) * g.inW;
            for (let ow = 0; ow < g.outW; ow++, m++) {
              const iw = ow * g.strideW + kw * g.dilationW - g.padLeft;
              patches[m] = iw < 0 || iw >= g.inW ? 0 : x[(xRow + iw) * g.inC + ci];
            }
          }
        }
      }
    }
  }
}

/** The geometry tfjs itself derives for these attributes (same padding and rounding rules). */
export function convGeometry(xShape: number[], attrs: tf.Conv2DBackpropFilterAttrs): ConvGeometry {
  const bu = tf.backend_util;
  const info = bu.computeConv2DInfo(
    xShape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad,
    attrs.dimRoundingMode, false, bu.convertConv2DDataFormat(attrs.dataFormat),
  );
  if (info.dataFormat !== 'channelsLast') {
    throw new Error('Conv2DBackpropFilter (wasm): only NHWC (channelsLast) is supported');
  }
  return {
    batch: info.batchSize, inH: info.inHeight, inW: info.inWidth, inC: info.inChannels,
    outH: info.outHeight, outW: info.outWidth, kH: info.filterHeight, kW: info.filterWidth,
    strideH: info.strideHeight, strideW: info.strideWidth, dilationH: info.dilationHeight,
    dilationW: info.dilationWidth, padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
}

function conv2dBackpropFilterWasm(
  batchMatMul: tf.KernelFunc,
): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const wasm = backend as BackendWasm;
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
      throw new Error(`Conv2DBackpropFilter (wasm): float32 only, got x ${x.dtype}, dy ${dy.dtype}`);
    }
    const g = convGeometry(x.shape, a);
    const M = g.batch * g.outH * g.outW;
    const K = g.kH * g.kW * g.inC;
    const outC = a.filterShape[3];
    if (M === 0) {
      // No output pixels (the filter is larger than the input): the gradient is zero. Calling
      // BatchMatMul with an empty inner dimension corrupts the wasm heap.
      return wasm.makeOutput(a.filterShape.slice(), 'float32', undefined, new Float32Array(K * outC));
    }
    // Allocate before taking heap views: an allocation may grow (and so detach) the wasm memory.
    const patches = wasm.makeOutput([1, K, M], 'float32');
    im2colTransposed(
      wasm.typedArrayFromHeap(x) as Float32Array, g, wasm.typedArrayFromHeap(patches) as Float32Array,
    );
    // dy viewed as [1, M, outC] without a copy: BatchMatMul reshapes by reference count.
    const dy3: tf.TensorInfo = { dataId: dy.dataId, shape: [1, M, outC], dtype: 'float32' };
    const out = batchMatMul({
      inputs: { a: patches, b: dy3 }, backend, attrs: { transposeA: false, transposeB: false },
    }) as tf.TensorInfo;
    wasm.disposeData(patches.dataId);
    out.shape = a.filterShape.slice();
    return out;
  };
}

/** Geometry of one 2-D pooling window sweep, NHWC (pads are the top/left padding). */
export interface PoolGeometry {
  batch: number;
  inH: number;
  inW: number;
  channels: number;
  outH: number;
  outW: number;
  filterH: number;
  filterW: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
}

/**
 * dx [batch, inH, inW, C] = Σ over windows of dy at the window's first maximum of x
 * [batch, inH, inW, C]; dy is [batch, outH, outW, C]. dx is overwritten.
 */
export function maxPoolGradImpl(x: Float32Array, dy: Float32Array, g: PoolGeometry, dx: Float32Array): void {
  const C = g.channels;
  dx.fill(0, 0, g.batch * g.inH * g.inW * C);
  // Per channel: the best value so far and where it is. Channels are innermost so every read of
  // x is contiguous.
  const best = new Float32Array(C);
  const at = new Int32Array(C);
  for (let b = 0; b < g.batch; b++) {
    for (let oh = 0; oh < g.outH; oh++) {
      const h0 = oh * g.strideH - g.padTop;
      const hStart = Math.max(0, h0);
      const hEnd = Math.min(g.inH, h0 + g.filterH);
      for (let ow = 0; ow < g.outW; ow++) {
        const w0 = ow * g.strideW - g.padLeft;
        const wStart = Math.max(0, w0);
        const wEnd = Math.min(g.inW, w0 + g.filterW);
        if (hStart >= hEnd || wStart >= wEnd) continue; // a window entirely in the padding
        const first = ((b * g.inH + hStart) * g.inW + wStart) * C;
        for (let c = 0; c < C; c++) {
          best[c] = x[first + c];
          at[c] = first + c;
        }
        for (let h = hStart; h < hEnd; h++) {
          for (let w = h === hStart ? wStart + 1 : wStart; w < wEnd; w++) {
            const i = ((b * g.inH + h) * g.inW + w) * C;
            for (let c = 0; c < C; c++) {
              const v = x[i + c];
              if (v > best[c]) { // strict: the first maximum keeps the gradient
                best[c] = v;
                at[c] = i + c;
              }
            }
          }
        }
        const dyBase = ((b * g.outH + oh) * g.outW + ow) * C;
        for (let c = 0; c < C; c++) dx[at[c]] += dy[dyBase + c];
      }
    }
  }
}

export function poolGeometry(xShape: number[], attrs: tf.MaxPoolGradAttrs): PoolGeometry {
  const info = tf.backend_util.computePool2DInfo(
    xShape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  return {
    batch: info.batchSize, inH: info.inHeight, inW: info.inWidth, channels: info.inChannels,
    outH: info.outHeight, outW: info.outWidth, filterH: info.filterHeight, filterW: info.filterWidth,
    strideH: info.strideHeight, strideW: info.strideWidth, padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
}

const maxPoolGradWasm: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  if (input.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`MaxPoolGrad (wasm): float32 only, got input ${input.dtype}, dy ${dy.dtype}`);
  }
  const g = poolGeometry(input.shape, attrs as unknown as tf.MaxPoolGradAttrs);
  const dx = wasm.makeOutput(input.shape, 'float32'); // allocate before taking heap views
  maxPoolGradImpl(
    wasm.typedArrayFromHeap(input) as Float32Array, wasm.typedArrayFromHeap(dy) as Float32Array, g,
    wasm.typedArrayFromHeap(dx) as Float32Array,
  );
  return dx;
};

let conv2dBackpropFilter: tf.KernelFunc | null = null;

function ensure(kernelName: string, kernelFunc: tf.KernelFunc): void {
  const current = tf.getKernel(kernelName, 'wasm');
  if (current?.kernelFunc === kernelFunc) return;
  if (current) tf.unregisterKernel(kernelName, 'wasm'); // replace without tfjs's "already registered" warning
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

/**
 * Registers our Conv2DBackpropFilter and MaxPoolGrad for 'wasm' (idempotent). Call after importing
 * @tensorflow/tfjs-backend-wasm (which registers BatchMatMul) and before the first training step.
 */
export function registerWasmTrainingKernels(): void {
  if (!conv2dBackpropFilter) {
    const bmm = tf.getKernel('BatchMatMul', 'wasm');
    if (!bmm) throw new Error("registerWasmTrainingKernels: import '@tensorflow/tfjs-backend-wasm' first");
    conv2dBackpropFilter = conv2dBackpropFilterWasm(bmm.kernelFunc);
  }
  ensure('Conv2DBackpropFilter', conv2dBackpropFilter);
  ensure('MaxPoolGrad', maxPoolGradWasm);
}
