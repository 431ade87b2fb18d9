// Node only (CLI, tests, benchmarks): where @tensorflow/tfjs-backend-wasm keeps its .wasm files.
// Never import this from code that runs in the browser or a worker.

import { createRequire } from 'node:module';
import path from 'node:path';

/** The package's dist/ folder with a trailing separator, as setWasmPaths wants a prefix. */
export function nodeWasmDir(): string {
  const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(main) + path.sep;
}
