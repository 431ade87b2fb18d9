// quant-lab command line: `npm run cli -- <command> ...` (tsx src/cli/main.ts) or the `quant-lab`
// bin (bin/quant-lab.mjs). Dispatches to src/cli/commands/*; every failure is one line on stderr
// and a non-zero exit code (2 = bad usage, 1 = anything else), never a stack trace
// (set QUANT_LAB_DEBUG=1 to see one).

import { pathToFileURL } from 'node:url';
import { CliError, type CliIO, type Command, type ParsedArgs } from './command';
import { COMMANDS } from './commands/index';

const PROGRAM = 'quant-lab';

export function usageText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    `usage: ${PROGRAM} <command> [arguments]`,
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Splits argv into positionals and the command's declared flags; throws a usage CliError. */
export function parseArgs(argv: string[], command: Command): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: {} };
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || !arg.startsWith('--') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = command.flags[name];
    if (kind === undefined) throw new CliError(`unknown option --${name} for '${command.name}'`, 2);
    if (kind === 'boolean') {
      if (eq !== -1) throw new CliError(`--${name} takes no value`, 2);
      out.flags[name] = true;
    } else if (eq !== -1) {
      out.flags[name] = arg.slice(eq + 1);
    } else {
      const value = argv[++i];
      if (value === undefined) throw new CliError(`--${name} needs a value`, 2);
      out.flags[name] = value;
    }
  }
  const { min, max } = command.positionals;
  const n = out.positionals.length;
  if (n < min || n > max) {
    throw new CliError(`'${command.name}' takes ${min === max ? min : `${min} to ${max}`} argument(s), got ${n}`, 2);
  }
  return out;
}

/** Runs one command line; returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(usageText());
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    io.out(usageText());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`${PROGRAM}: unknown command '${name}' (commands: ${COMMANDS.map((c) => c.name).join(', ')})`);
    return 2;
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`usage: ${PROGRAM} ${command.usage}\n${command.summary}`);
      return 0;
    }
    return (await command.run(parseArgs(rest, command), io)) ?? 0;
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    if (process.env.QUANT_LAB_DEBUG) io.err(error.stack ?? error.message);
    const code = error instanceof CliError ? error.exitCode : 1;
    io.err(`${PROGRAM} ${command.name}: ${error.message.split('\n')[0]}`);
    if (code === 2) io.err(`usage: ${PROGRAM} ${command.usage}`);
    return code;
  }
}

export const processIO: CliIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Entry point for both `tsx src/cli/main.ts` and bin/quant-lab.mjs. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  // `quant-lab inspect x | head` closes stdout early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  process.exitCode = await runCli(argv, processIO);
}

// Run when executed directly (tsx src/cli/main.ts), not when imported by tests or the bin.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
