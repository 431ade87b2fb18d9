// Quantize & compare on the pretrained fixture (no training): sizes, accuracy, per-tensor table,
// confusion matrices, changed predictions; every knob re-runs and updates everything.
import { expect, test } from './support/test';
import { AppPage } from './pages/app_page';
import { ComparePage } from './pages/compare_page';

const pct = /^\d{2}\.\d\d %$/;

test.beforeEach(async ({ page }) => {
  await new AppPage(page).openWithTrainedFixture('compare');
  await expect(new ComparePage(page).done).toBeVisible({ timeout: 60_000 });
});

test('shows both models side by side with the default preset (tf2.21)', async ({ page }) => {
  const compare = new ComparePage(page);
  await expect(compare.preset).toHaveValue('tf2.21');
  await expect(compare.floatCard.getByTestId('side-float-bytes')).toHaveText('83,968 bytes');
  await expect(compare.floatCard.getByTestId('side-float-accuracy')).toHaveText('96.54 %');
  await expect(compare.quantCard.getByTestId('side-quantized-accuracy')).toHaveText(pct);
  await expect(compare.sizeRatio).toHaveText(/^\d\.\d\d× smaller/);
  const row = compare.tensorRow('sequential/dense/MatMul');
  await expect(row).toContainText('int8');
  await expect(row).toContainText('per-channel, axis 0 (10)');
  await expect(row).toContainText('20,280 bytes');
  await expect(row).toContainText(/\d+\.\d dB/);
  await expect(compare.tensorRow('conv2d/Conv2D')).toContainText('kept float: 108 elements < 1,024');
  await expect(compare.confusion(/Confusion matrix, float32/)).toBeVisible();
  await expect(compare.confusion(/Confusion matrix, DRQ int8/)).toBeVisible();
  await expect(compare.flips.or(compare.noFlips)).toBeVisible();
  await expect(page.getByRole('heading', { name: /Predictions that changed \(\d+\)/ })).toBeVisible();
});

test('changing a knob re-quantizes and re-evaluates', async ({ page }) => {
  const compare = new ComparePage(page);
  const quantSize = compare.quantCard.getByTestId('side-quantized-bytes');
  const before = await quantSize.textContent();

  await compare.preset.selectOption('tf2.4');
  await expect(compare.download('mnist_cnn_drq_tf2.4.tflite')).toBeVisible({ timeout: 60_000 });
  await expect(compare.done).toBeVisible({ timeout: 60_000 });
  await expect(compare.tensorRow('sequential/dense/MatMul')).toContainText('per-tensor');
  await expect(compare.quantCard.getByTestId('side-quantized-accuracy')).toHaveText(pct);

  await compare.preset.selectOption('tf2.21');
  await compare.perChannel.uncheck();
  await expect(compare.tensorRow('sequential/dense/MatMul')).toContainText('per-tensor', { timeout: 60_000 });
  await expect(compare.done).toBeVisible({ timeout: 60_000 });

  await compare.minElements.fill('50');
  await expect(compare.tensorRow('conv2d/Conv2D')).toContainText('int8', { timeout: 60_000 });
  await expect(compare.done).toBeVisible({ timeout: 60_000 });
  expect(await quantSize.textContent()).not.toBe(before);

  await compare.float16Mode.check();
  await expect(compare.download('mnist_cnn_float16.tflite')).toBeVisible({ timeout: 60_000 });
  await expect(compare.done).toBeVisible({ timeout: 60_000 });
  await expect(compare.quantCard.getByRole('heading', { name: 'Float16 weights' })).toBeVisible();
  await expect(compare.tensorRow('sequential/dense/MatMul')).toContainText('float16');
  await expect(compare.quantCard.getByTestId('side-quantized-accuracy')).toHaveText(pct);
});

test('a setting that leaves nothing to quantize says why', async ({ page }) => {
  const compare = new ComparePage(page);
  await compare.int8Mode.check();
  await compare.minElements.fill('100000');
  await expect(compare.error).toContainText('below 100,000 elements', { timeout: 60_000 });
  await compare.minElements.fill('1024');
  await expect(compare.done).toBeVisible({ timeout: 60_000 });
});
