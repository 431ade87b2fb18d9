// Command line of `npm run bench` and which sections it selects.

import type { BenchSection } from './types';

export interface BenchArgs {
  rounds: number;
  limit: number;
  data?: string;
  json: boolean;
  profile: boolean;
  /** Images per invoke for our interpreter; undefined = evaluate.ts's default. */
  chunk?: number;
  /** Section ids given with --only (repeatable); empty = all. */
  only: string[];
  skipTrain: boolean;
}

export const USAGE = 'use --rounds N, --limit N, --data DIR, --chunk N, --only SECTION (repeatable), --skip-train, --profile, --json';

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { rounds: 3, limit: 10000, json: false, profile: false, only: [], skipTrain: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') args.json = true;
    else if (a === '--profile') args.profile = true;
    else if (a === '--skip-train') args.skipTrain = true;
    else if (a === '--rounds') args.rounds = positiveInt(a, value());
    else if (a === '--limit') args.limit = positiveInt(a, value());
    else if (a === '--chunk') args.chunk = positiveInt(a, value());
    else if (a === '--data') args.data = value();
    else if (a === '--only') args.only.push(value());
    else throw new Error(`unknown option ${a} (${USAGE})`);
  }
  return args;
}

function positiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got '${v}'`);
  return n;
}

/** The sections to run, in SECTIONS order: --only picks by id (an unknown id is an error), --skip-train drops training. */
export function selectSections(all: readonly BenchSection[], args: Pick<BenchArgs, 'only' | 'skipTrain'>): BenchSection[] {
  const ids = all.map((s) => s.id);
  for (const id of args.only) {
    if (!ids.includes(id)) throw new Error(`--only ${id}: no such section (sections: ${ids.join(', ')})`);
  }
  return all.filter((s) => (args.only.length === 0 || args.only.includes(s.id)) && !(args.skipTrain && s.training));
}
