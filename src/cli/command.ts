// The contract of a CLI command. Adding a command = one file in src/cli/commands/ exporting a
// Command as its default export, plus one line in src/cli/commands/index.ts.
//
// main.ts parses flags and positionals against the command's declaration (unknown flag, missing or
// extra argument → usage error, exit 2), then calls run(). run() writes through `io` (never to
// process.stdout directly, so tests can capture it) and returns an exit code (default 0). Errors
// it throws become one line on stderr and exit code 1 (CliError can pick the code).

import { existsSync, readFileSync, statSync } from 'node:fs';

export interface CliIO {
  /** One line (or several joined by \n) to stdout. */
  out(text: string): void;
  /** One line to stderr. */
  err(text: string): void;
}

/** Flag name (without --) → kind. A string flag takes the next argument or `--name=value`. */
export type FlagSpec = Readonly<Record<string, 'boolean' | 'string'>>;

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
}

export interface Command {
  name: string;
  /** e.g. "inspect FILE [--json]" (without the program name). */
  usage: string;
  /** One line for the command list. */
  summary: string;
  flags: FlagSpec;
  /** How many positional arguments it takes. */
  positionals: { min: number; max: number };
  run(args: ParsedArgs, io: CliIO): number | void | Promise<number | void>;
}

/** An expected failure: printed as one line, no stack; exitCode 2 means bad usage. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Reads a file named on the command line, with a one-line error if it is missing or a folder. */
export function readInputFile(path: string): Uint8Array {
  if (!existsSync(path)) throw new CliError(`${path}: file not found`);
  if (statSync(path).isDirectory()) throw new CliError(`${path}: is a directory, not a file`);
  return new Uint8Array(readFileSync(path));
}

/** A string flag's value, or undefined; throws a usage error if given as a bare boolean. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new CliError(`--${name} needs a value`, 2);
  return v;
}
