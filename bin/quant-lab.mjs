#!/usr/bin/env node
// The `quant-lab` command (package.json "bin"). The CLI is TypeScript: tsx's API compiles it on
// the fly, so no build step is needed. Same code path as `npm run cli -- ...`.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
await main(process.argv.slice(2));
