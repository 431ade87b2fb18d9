// Bad files get a clear message naming the problem, and the app stays usable afterwards.
import { expect, test } from './support/test';
import { AppPage } from './pages/app_page';
import { UploadPage } from './pages/upload_page';
import {
  absurdShapeModel, denseFloatModel, float16Model, fullIntegerModel, notAModel, truncatedModel, unsupportedOpModel,
} from './support/model_files';

test.beforeEach(async ({ page }) => {
  await new AppPage(page).open('/#upload');
});

test('a file that is not a flatbuffer', async ({ page }) => {
  const upload = new UploadPage(page);
  await upload.upload('holiday.jpg.tflite', notAModel());
  await expect(upload.error).toContainText("holiday.jpg.tflite: not a TFLite model: no 'TFL3' file identifier");
});

test('a truncated file', async ({ page }) => {
  const upload = new UploadPage(page);
  await upload.upload('cut.tflite', truncatedModel());
  await expect(upload.error).toContainText('cut.tflite');
  await expect(upload.error).toContainText('runs past the end of the file (30000 bytes)');
});

test('an empty file', async ({ page }) => {
  const upload = new UploadPage(page);
  await upload.upload('empty.tflite', Buffer.alloc(0));
  await expect(upload.error).toContainText('empty.tflite');
});

test('absurd tensor shapes', async ({ page }) => {
  const upload = new UploadPage(page);
  await upload.upload('absurd.tflite', absurdShapeModel());
  await expect(upload.error).toContainText("absurd.tflite: subgraph 0 › tensor 0 'x': shape [1,2000000000,2000000000]");
});

test('a full-integer model is recognised, inspectable, and not quantized', async ({ page }) => {
  const upload = new UploadPage(page);
  await upload.upload('int8_model.tflite', fullIntegerModel());
  await expect(upload.kind).toHaveText(/^full integer/);
  await expect(upload.fact('Runs here')).toContainText('this is a full-integer model');
  await expect(upload.note).toContainText(/full-integer/i);
  await expect(upload.quantCard).toHaveCount(0);
});

test('a float16 model is recognised as already quantized', async ({ page }) => {
  const upload = new UploadPage(page);
  await upload.upload('mnist_float16.tflite', await float16Model());
  await expect(upload.kind).toHaveText(/^float16/);
  await expect(upload.note).toContainText(/float16/);
  await expect(upload.quantCard).toHaveCount(0);
});

test('an op our interpreter lacks: quantized, sizes shown, no comparison, reason given', async ({ page }) => {
  const upload = new UploadPage(page);
  await upload.upload('log_softmax.tflite', unsupportedOpModel());
  await expect(upload.fact('Runs here')).toContainText('LOG_SOFTMAX');
  await expect(upload.note).toContainText('Sizes only: our interpreter cannot run this model', { timeout: 30_000 });
  await expect(upload.quantCard.getByTestId('side-quantized-bytes')).toHaveText(/^[\d,]+ bytes$/);
});

test('after a bad file the app is still usable', async ({ page }) => {
  const app = new AppPage(page);
  const upload = new UploadPage(page);
  await upload.upload('bad.tflite', notAModel());
  await expect(upload.error).toBeVisible();
  await upload.upload('dense_head.tflite', denseFloatModel());
  await expect(upload.error).toHaveCount(0);
  await expect(upload.kind).toHaveText(/^float32/);
  await expect(upload.agreement).toBeVisible({ timeout: 60_000 });
  await app.go('Inspect');
  await expect(page.getByTestId('operator-table')).toContainText('FULLY_CONNECTED');
});
