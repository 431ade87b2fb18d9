// Reload persistence: the trained model, its DRQ twin (with the knobs that made it) come back
// without retraining; "Train again" clears them; broken or old stored data is discarded with a
// message, never a crash.
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { AppPage } from './pages/app_page';
import { ComparePage } from './pages/compare_page';
import { TrainPage } from './pages/train_page';

/** Writes a session record straight into idb-keyval's database, as an older or broken app might have. */
async function storeSession(page: Page, record: { version: number; floatBytes: number[] }): Promise<void> {
  await page.evaluate(async ({ version, floatBytes }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('keyval-store');
      req.onupgradeneeded = () => req.result.createObjectStore('keyval');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const value = {
      version,
      float: { fileName: 'mnist_cnn_float.tflite', bytes: new Uint8Array(floatBytes) },
      training: {
        source: 'trained', settings: { epochs: 1, batchSize: 32, learningRate: 0.001, seed: 1, trainLimit: null }, seed: 1,
        trainCount: 60000, backend: 'wasm', imagesPerSecond: 3000, points: [], batchesPerEpoch: 1875, epochs: [],
        savedAt: new Date().toISOString(),
      },
      drq: null,
    };
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('keyval', 'readwrite');
      tx.objectStore('keyval').put(value, 'quantlab:session');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, record);
}

test('a reload brings back the model, its quantized twin and the knobs, without retraining', async ({ page }) => {
  const app = new AppPage(page);
  const compare = new ComparePage(page);
  const train = new TrainPage(page);
  await app.openWithTrainedFixture('compare');
  await expect(compare.done).toBeVisible({ timeout: 60_000 });
  await compare.preset.selectOption('tf2.4');
  await expect(compare.download('mnist_cnn_drq_tf2.4.tflite')).toBeVisible({ timeout: 60_000 });
  await expect(compare.done).toBeVisible({ timeout: 60_000 });
  const size = await compare.quantCard.getByTestId('side-quantized-bytes').textContent();

  const dataRequests: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/data/mnist/')) dataRequests.push(r.url()); });
  await page.goto('/#compare'); // no ?fixture: only what was stored
  await expect(compare.done).toBeVisible({ timeout: 60_000 });
  expect(dataRequests, 'the MNIST test set comes from the IndexedDB cache after a reload').toEqual([]);
  await expect(compare.preset).toHaveValue('tf2.4');
  await expect(compare.download('mnist_cnn_drq_tf2.4.tflite')).toBeVisible();
  await expect(compare.quantCard.getByTestId('side-quantized-bytes')).toHaveText(size!);
  await expect(compare.tensorRow('sequential/dense/MatMul')).toContainText('per-tensor');
  await expect(compare.floatCard.getByTestId('side-float-accuracy')).toHaveText('96.54 %');
  await app.go('Train');
  await expect(train.fixtureNote).toBeVisible();
  await expect(train.trainAgain).toBeVisible();
  await expect(train.start).toHaveCount(0);
});

test('"Train again" forgets the stored model', async ({ page }) => {
  test.setTimeout(120_000);
  const app = new AppPage(page);
  const train = new TrainPage(page);
  await app.openWithTrainedFixture('train');
  await expect(train.trainAgain).toBeVisible({ timeout: 30_000 });
  await train.trainAgain.click();
  await expect(train.cancel).toBeVisible();
  await train.cancel.click();
  await expect(train.start).toBeVisible({ timeout: 30_000 });
  await page.goto('/#train');
  await expect(train.start).toBeVisible();
  await app.go('Quantize & compare');
  await expect(page.getByText('There is no trained model yet.')).toBeVisible();
});

test('a session stored by another version is discarded with a message', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('/#train');
  await storeSession(page, { version: 0, floatBytes: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
  await page.reload();
  await expect(app.notices).toContainText('The saved model was discarded: it was saved by another version of Quant Lab');
  await expect(new TrainPage(page).start).toBeVisible();
  await page.reload();
  await expect(app.notices).toHaveCount(0); // deleted, not reported again
});

test('a stored model whose bytes are not a model is discarded with a message', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('/#train');
  await storeSession(page, { version: 1, floatBytes: Array.from({ length: 64 }, (_, i) => i) });
  await page.reload();
  await expect(app.notices).toContainText('The saved model was discarded: mnist_cnn_float.tflite');
  await expect(new TrainPage(page).start).toBeVisible();
  await app.go('Quantize & compare');
  await expect(page.getByText('There is no trained model yet.')).toBeVisible();
});
