// BuiltinOperator code ↔ name, from the flatc-generated enum (so it can never drift from
// schema/tflite.fbs). Codes newer than our schema get a stable made-up name, "UNKNOWN_<code>".

import { BuiltinOperator } from './generated/tflite_generated';
import type { Model, OperatorCode } from './ir';

const NAME_BY_CODE = new Map<number, string>();
const CODE_BY_NAME = new Map<string, number>();
for (const [name, code] of Object.entries(BuiltinOperator)) {
  if (typeof code === 'number') {
    NAME_BY_CODE.set(code, name);
    CODE_BY_NAME.set(name, code);
  }
}

/** Highest BuiltinOperator code our schema knows. */
export const MAX_KNOWN_BUILTIN_CODE = Math.max(...NAME_BY_CODE.keys());

/** e.g. 9 → "FULLY_CONNECTED"; unknown codes → "UNKNOWN_250". */
export function opName(code: number): string {
  return NAME_BY_CODE.get(code) ?? `UNKNOWN_${code}`;
}

/** e.g. "CONV_2D" → 3; undefined for a name the schema does not have. */
export function opCode(name: string): number | undefined {
  return CODE_BY_NAME.get(name);
}

/** The name to show for an operator code: builtin name, or "CUSTOM(<custom_code>)". */
export function operatorCodeName(code: OperatorCode): string {
  if (code.builtinCode === BuiltinOperator.CUSTOM) return `CUSTOM(${code.customCode ?? ''})`;
  return opName(code.builtinCode);
}

/** The name of operator `opIndex` of a subgraph, tolerant of a bad opcode index. */
export function operatorName(model: Model, opcodeIndex: number): string {
  const code = model.operatorCodes[opcodeIndex];
  return code ? operatorCodeName(code) : `opcode ${opcodeIndex}?`;
}
