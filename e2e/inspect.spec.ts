// Inspect: operators and tensors (types, shapes, bytes, quantization) of either side.
import { expect, test } from './support/test';
import { AppPage } from './pages/app_page';
import { ComparePage } from './pages/compare_page';
import { InspectPage } from './pages/inspect_page';

test('lists operators and tensors of the float and the quantized model', async ({ page }) => {
  await new AppPage(page).openWithTrainedFixture('compare');
  await expect(new ComparePage(page).done).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Inspect the float model' }).click();
  const inspect = new InspectPage(page);
  await expect(inspect.model).toHaveValue(/.+/);
  await expect(inspect.operators.locator('tbody tr')).toHaveCount(5);
  await expect(inspect.operators).toContainText('CONV_2D');
  await expect(inspect.operators.locator('tbody tr', { hasText: 'CONV_2D' })).toContainText('fused RELU');
  const weight = inspect.tensorRow('sequential/dense/MatMul');
  await expect(weight).toContainText('float32');
  await expect(weight).toContainText('[10, 2028]');
  await expect(weight).toContainText('81,120 bytes');

  await inspect.model.selectOption({ label: 'Trained model (quantized) — mnist_cnn_drq_tf2.21.tflite' });
  await expect(weight).toContainText('int8');
  await expect(weight).toContainText('20,280 bytes');
  await expect(weight).toContainText('10 scales on axis 0');
  await expect(inspect.operators.locator('tbody tr', { hasText: 'FULLY_CONNECTED' })).toContainText('v12');
  await inspect.constantsOnly.check();
  await expect(inspect.tensors.locator('tbody tr', { hasText: 'activation' })).toHaveCount(0);
});
