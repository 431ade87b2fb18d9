// The one spec that really trains: on a 2,000-image slice (?trainLimit=2000), which the UI says.
import { expect, test } from './support/test';
import { AppPage } from './pages/app_page';
import { ComparePage } from './pages/compare_page';
import { TrainPage } from './pages/train_page';

test('trains on a small slice with live curves, backend and speed, then quantizes and compares', async ({ page }) => {
  test.setTimeout(240_000);
  const app = new AppPage(page);
  const train = new TrainPage(page);
  await app.open('/?trainLimit=2000#train');
  await expect(train.subsetNote).toHaveText(/first 2,000 of 60,000 training images/);
  await train.start.click();
  await expect(train.cancel).toBeVisible();
  await expect(train.progress.first()).toBeVisible();

  await expect(train.result).toHaveText(/Test accuracy after 1 epoch: \d+\.\d\d %.*trained on 2,000 images only/, { timeout: 180_000 });
  const accuracy = Number((await train.result.textContent())!.match(/(\d+\.\d\d) %/)![1]);
  expect(accuracy).toBeGreaterThan(70); // 63 batches of 32: far from 96 %, far above chance
  await expect(train.fact('Backend')).toHaveText(/^(wasm|webgl|cpu)/);
  await expect(train.fact('Speed')).toHaveText(/^\d[\d,]* images\/s$/);
  await expect(train.fact('Epoch 1')).toHaveText(/^\d+\.\d s · test accuracy/);
  await expect(train.fact('Trained on')).toHaveText(/^2,000 images · seed 1 · batch 32/);
  await expect(train.lossChart.locator('.recharts-line-curve')).toBeVisible();
  await expect(train.accuracyChart.locator('.recharts-line-curve')).toBeVisible();
  await expect(train.trainAgain).toBeVisible();

  // The trained model goes straight into quantize & compare.
  await app.go('Quantize & compare');
  const compare = new ComparePage(page);
  await expect(compare.done).toBeVisible({ timeout: 60_000 });
  await expect(compare.download('mnist_cnn_float.tflite')).toBeVisible();
  await expect(compare.download('mnist_cnn_drq_tf2.21.tflite')).toBeVisible();
  await expect(compare.floatCard.getByTestId('side-float-accuracy')).toHaveText(`${accuracy.toFixed(2)} %`);
});

test('training can be cancelled, and keeps no model', async ({ page }) => {
  test.setTimeout(240_000); // starting tfjs and fetching 9.6 MB is slow on a busy 2-core machine
  const app = new AppPage(page);
  const train = new TrainPage(page);
  await app.open('/#train');
  await expect(train.subsetNote).toHaveCount(0);
  await train.start.click();
  await expect(train.progress.first()).toHaveAccessibleName(/Training: batch [1-9]/, { timeout: 180_000 });
  await train.cancel.click();
  await expect(train.cancelledNote).toBeVisible();
  await expect(train.start).toBeVisible();
  await app.go('Quantize & compare');
  await expect(page.getByText('There is no trained model yet.')).toBeVisible();
});
