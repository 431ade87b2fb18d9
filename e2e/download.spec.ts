// Downloads: the float and DRQ files of the trained model and the quantized upload, with their
// names and sizes; the bytes are real .tflite files our reader accepts.
import { readFileSync } from 'node:fs';
import { expect, test } from './support/test';
import { AppPage } from './pages/app_page';
import { ComparePage } from './pages/compare_page';
import { UploadPage } from './pages/upload_page';
import { denseFloatModel, trainedFixtureBytes } from './support/model_files';
import { readModel } from '../src/core/tflite/reader';
import { sniffModel } from '../src/core/tflite/sniff';

async function downloadBytes(page: import('@playwright/test').Page, button: import('@playwright/test').Locator) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(path)) };
}

test('float and DRQ files of the trained model', async ({ page }) => {
  const compare = new ComparePage(page);
  await new AppPage(page).openWithTrainedFixture('compare');
  await expect(compare.done).toBeVisible({ timeout: 60_000 });

  const float = await downloadBytes(page, compare.download('mnist_cnn_float.tflite'));
  expect(float.name).toBe('mnist_cnn_float.tflite');
  expect(Buffer.from(float.bytes).equals(trainedFixtureBytes())).toBe(true);

  const drq = await downloadBytes(page, compare.download('mnist_cnn_drq_tf2.21.tflite'));
  expect(drq.name).toBe('mnist_cnn_drq_tf2.21.tflite');
  await expect(compare.quantCard.getByTestId('side-quantized-bytes')).toHaveText(`${drq.bytes.length.toLocaleString('en-US')} bytes`);
  const model = readModel(drq.bytes, drq.name);
  expect(sniffModel(model).kind).toBe('dynamic-range');
  await expect(page.getByText(`Trained model (quantized) · `)).toContainText(`(${drq.bytes.length.toLocaleString('en-US')} bytes)`);
});

test('the quantized upload', async ({ page }) => {
  const upload = new UploadPage(page);
  await new AppPage(page).open('/#upload');
  await upload.upload('dense_head_float.tflite', denseFloatModel());
  const button = page.getByRole('button', { name: 'Download dense_head_drq_tf2.21.tflite' });
  await expect(button).toBeVisible({ timeout: 60_000 });
  const file = await downloadBytes(page, button);
  expect(file.name).toBe('dense_head_drq_tf2.21.tflite');
  expect(sniffModel(readModel(file.bytes, file.name)).kind).toBe('dynamic-range');
});
