// Every CLI command, one line each. To add one: write src/cli/commands/<name>.ts with a default
// export satisfying Command (src/cli/command.ts), import it here and list it below.

import type { Command } from '../command';
import evalCommand from './eval';
import inspect from './inspect';
import quantize from './quantize';
import rewrite from './rewrite';
import run from './run';
import train from './train';

export const COMMANDS: readonly Command[] = [inspect, rewrite, run, evalCommand, quantize, train];
