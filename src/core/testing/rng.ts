// Moved to core/util/rng.ts (production code uses it too). This re-export keeps the imports in
// src/core/learn tests, tools/bench and e2e/support working until their owners switch them to
// core/util/rng; then delete this file.
export { makeRng, type Rng } from '../util/rng';
