// Shared setup of the CLI tests (main.test.ts, commands/*.test.ts): a command line run in-process
// through runCli with stdout/stderr captured, and a temporary folder removed after the file's tests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { runCli } from './main';

export interface CliRun {
  code: number;
  /** Everything written to stdout, lines joined by \n. */
  out: string;
  err: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A new folder under the OS temp dir (name starts with `prefix`), deleted by afterAll. Call at a
 *  test file's top level. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
