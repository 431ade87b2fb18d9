// Upload: any float .tflite is inspected, quantized with the shared knobs and compared.
import { expect, test } from './support/test';
import { AppPage } from './pages/app_page';
import { UploadPage } from './pages/upload_page';
import { denseFloatModel, trainedFixtureBytes } from './support/model_files';

test('an uploaded 28×28 model is quantized and compared on MNIST', async ({ page }) => {
  const app = new AppPage(page);
  const upload = new UploadPage(page);
  await app.open('/#upload');
  await upload.upload('my_mnist_float.tflite', trainedFixtureBytes());
  await expect(upload.kind).toHaveText(/^float32/);
  await expect(upload.fact('Operators')).toHaveText('RESHAPE ×2, CONV_2D, MAX_POOL_2D, FULLY_CONNECTED');
  await expect(upload.fact('Inputs')).toHaveText('serving_default_input:0 float32[1, 28, 28]');
  await expect(upload.fact('Runs here')).toHaveText('yes, in our TypeScript interpreter');
  await expect(upload.floatCard.getByTestId('side-float-accuracy')).toHaveText('96.54 %', { timeout: 60_000 });
  await expect(upload.quantCard.getByTestId('side-quantized-accuracy')).toHaveText(/^\d{2}\.\d\d %$/, { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Download my_mnist_drq_tf2.21.tflite' })).toBeVisible();
});

test('a model that is not an MNIST classifier is compared on seeded inputs', async ({ page }) => {
  const app = new AppPage(page);
  const upload = new UploadPage(page);
  await app.open('/#upload');
  await upload.upload('dense_head.tflite', denseFloatModel());
  await expect(upload.kind).toHaveText(/^float32/);
  await expect(upload.agreement).toHaveText(/Top-1 agreement \d+\.\d\d % · largest difference \d/, { timeout: 60_000 });
  await expect(upload.quantCard.getByTestId('side-quantized-bytes')).toHaveText(/^[\d,]+ bytes$/);
  await expect(page.getByTestId('tensor-table').locator('tbody tr', { hasText: 'w1' })).toContainText('int8');
  // w2 has 512 elements: below the 1,024 minimum.
  await expect(page.getByTestId('tensor-table').locator('tbody tr', { hasText: 'w2' })).toContainText('kept float: 512 elements < 1,024');
});

test('a file dropped on the drop zone is read like a picked one', async ({ page }) => {
  const app = new AppPage(page);
  const upload = new UploadPage(page);
  await app.open('/#upload');
  const bytes = [...denseFloatModel()];
  const data = await page.evaluateHandle((b) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(b)], 'dropped.tflite'));
    return dt;
  }, bytes);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: data });
  await expect(upload.kind).toHaveText(/^float32/);
  await expect(upload.fact('File')).toHaveText(/^dropped\.tflite/);
});
