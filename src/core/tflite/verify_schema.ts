// The shape of schema/tflite.fbs as data, for the verifier (verify.ts). One entry per field, in
// field-id order (the array index IS the field id, so the vtable slot is 4 + 2 * index). Keep it in
// step with schema/tflite.fbs: a field missing here is simply never checked, so the generated
// accessor for it must not be used.
//
// Fields the official schema has after ours (e.g. Tensor.variant_tensors) are not listed: the
// reader never touches them, so their bytes cannot hurt us.

export type FieldSpec =
  | { kind: 'scalar'; name: string; size: 1 | 2 | 4 | 8 }
  | { kind: 'string'; name: string }
  | { kind: 'vector'; name: string; elemSize: 1 | 2 | 4 | 8 }
  | { kind: 'table'; name: string; table: TableSpec }
  | { kind: 'tables'; name: string; table: TableSpec }
  | { kind: 'strings'; name: string }
  /** The value slot of a union; its type byte is the scalar field just before it (id - 1). */
  | { kind: 'union'; name: string; members: Readonly<Record<number, TableSpec>> }
  /** A deprecated or unused slot: never read. */
  | null;

export interface TableSpec {
  name: string;
  fields: readonly FieldSpec[];
  /**
   * How many of `fields` schema/tflite.fbs (and so the generated code) declares; the rest are
   * official fields after ours that the reader checks by hand. Default: all of them.
   */
  generatedFields?: number;
}

const s = (name: string, size: 1 | 2 | 4 | 8): FieldSpec => ({ kind: 'scalar', name, size });
const str = (name: string): FieldSpec => ({ kind: 'string', name });
const vec = (name: string, elemSize: 1 | 2 | 4 | 8): FieldSpec => ({ kind: 'vector', name, elemSize });
const tab = (name: string, table: TableSpec): FieldSpec => ({ kind: 'table', name, table });
const tabs = (name: string, table: TableSpec): FieldSpec => ({ kind: 'tables', name, table });
const t = (name: string, ...fields: FieldSpec[]): TableSpec => ({ name, fields });

/** An options table made only of scalars: sizes in field-id order, 0 for a deprecated slot. */
const scalars = (name: string, ...sizes: (0 | 1 | 4 | 8)[]): TableSpec =>
  t(name, ...sizes.map((size, i) => (size === 0 ? null : s(`field${i}`, size))));

/** BuiltinOptions members by official union index (see schema/tflite.fbs). */
export const BUILTIN_OPTIONS_TABLES: Readonly<Record<number, TableSpec>> = {
  1: scalars('Conv2DOptions', 1, 4, 4, 1, 4, 4, 1),
  2: scalars('DepthwiseConv2DOptions', 1, 4, 4, 4, 1, 4, 4),
  5: scalars('Pool2DOptions', 1, 4, 4, 4, 4, 1),
  6: scalars('SVDFOptions', 4, 1, 1),
  8: scalars('FullyConnectedOptions', 1, 1, 1, 1, 1),
  9: scalars('SoftmaxOptions', 4),
  10: scalars('ConcatenationOptions', 4, 1),
  11: scalars('AddOptions', 1, 1),
  15: scalars('ResizeBilinearOptions', 0, 0, 1, 1),
  17: t('ReshapeOptions', vec('new_shape', 4)),
  21: scalars('MulOptions', 1),
  22: scalars('PadOptions'),
  23: scalars('GatherOptions', 4, 4),
  27: scalars('ReducerOptions', 1),
  28: scalars('SubOptions', 1, 1),
  32: scalars('StridedSliceOptions', 4, 4, 4, 4, 4, 1),
  37: scalars('CastOptions', 1, 1),
  38: scalars('DequantizeOptions'),
  52: scalars('ExpandDimsOptions'),
  55: scalars('ShapeOptions', 1),
  59: scalars('PackOptions', 4, 4),
  71: scalars('UnidirectionalSequenceLSTMOptions', 1, 4, 4, 1, 1, 1),
  89: scalars('QuantizeOptions'),
  101: scalars('BatchMatMulOptions', 1, 1, 1),
};

const CUSTOM_QUANTIZATION = t('CustomQuantization', vec('custom', 1));

const QUANTIZATION = t(
  'QuantizationParameters',
  vec('min', 4),
  vec('max', 4),
  vec('scale', 4),
  vec('zero_point', 8),
  s('details_type', 1),
  { kind: 'union', name: 'details', members: { 1: CUSTOM_QUANTIZATION } },
  s('quantized_dimension', 4),
);

// Only its presence matters: the reader refuses sparse tensors.
const SPARSITY = t('SparsityParameters', vec('traversal_order', 4), vec('block_map', 4));

const TENSOR: TableSpec = {
  ...t(
    'Tensor',
    vec('shape', 4),
    s('type', 1),
    s('buffer', 4),
    str('name'),
    tab('quantization', QUANTIZATION),
    s('is_variable', 1),
    tab('sparsity', SPARSITY),
    vec('shape_signature', 4),
    s('has_rank', 1),
    null, // official variant_tensors: never read
    // Official external_buffer (id 10): non-zero means the data lives in another file. Not in our
    // schema; the reader reads it by slot only to refuse such tensors instead of seeing no data.
    s('external_buffer', 4),
  ),
  generatedFields: 9,
};

const OPERATOR = t(
  'Operator',
  s('opcode_index', 4),
  vec('inputs', 4),
  vec('outputs', 4),
  s('builtin_options_type', 1),
  { kind: 'union', name: 'builtin_options', members: BUILTIN_OPTIONS_TABLES },
  vec('custom_options', 1),
  s('custom_options_format', 1),
  vec('mutating_variable_inputs', 1),
  vec('intermediates', 4),
  s('large_custom_options_offset', 8),
  s('large_custom_options_size', 8),
  s('builtin_options_2_type', 1),
  // Never decoded (the reader refuses any use of BuiltinOptions2); checked as a generic table.
  { kind: 'union', name: 'builtin_options_2', members: {} },
);

const SUBGRAPH = t(
  'SubGraph',
  tabs('tensors', TENSOR),
  vec('inputs', 4),
  vec('outputs', 4),
  tabs('operators', OPERATOR),
  str('name'),
);

const OPERATOR_CODE = t(
  'OperatorCode',
  s('deprecated_builtin_code', 1),
  str('custom_code'),
  s('version', 4),
  s('builtin_code', 4),
);

// Buffer.data is only checked for bounds here; the reader copies it out byte-wise.
const BUFFER = t('Buffer', vec('data', 1), s('offset', 8), s('size', 8));
const METADATA = t('Metadata', str('name'), s('buffer', 4));
const TENSOR_MAP = t('TensorMap', str('name'), s('tensor_index', 4));
const SIGNATURE_DEF = t(
  'SignatureDef',
  tabs('inputs', TENSOR_MAP),
  tabs('outputs', TENSOR_MAP),
  str('signature_key'),
  null, // deprecated_tag
  s('subgraph_index', 4),
);

export const MODEL = t(
  'Model',
  s('version', 4),
  tabs('operator_codes', OPERATOR_CODE),
  tabs('subgraphs', SUBGRAPH),
  str('description'),
  tabs('buffers', BUFFER),
  vec('metadata_buffer', 4),
  tabs('metadata', METADATA),
  tabs('signature_defs', SIGNATURE_DEF),
);
