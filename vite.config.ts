import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// COOP/COEP make the page cross-origin isolated, so tfjs-backend-wasm may use its threaded build.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolation, port: 5173 },
  preview: { headers: isolation, port: 4173 },
  // Worker bundles are not minified: tfjs-backend-wasm's threaded build starts its pthread workers
  // from the source text of a bundled function, which must keep its original names.
  worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
  // Pre-bundle the workers' dependencies (tfjs, flatbuffers...) at start-up too: found later, the
  // dev server re-optimizes and reloads the page, which would throw away a training run.
  optimizeDeps: { entries: ['index.html', 'src/workers/*.worker.ts'] },
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
