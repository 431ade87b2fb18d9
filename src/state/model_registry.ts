// Model bytes live here, outside the reactive store: a .tflite can be megabytes, and zustand
// state should stay small and cheap to compare. The store holds only ids and summaries; anything
// that needs the bytes (download, sending a model to the lab worker) looks them up by id.

export interface ModelFile {
  id: string;
  fileName: string;
  bytes: Uint8Array;
}

const files = new Map<string, ModelFile>();
let counter = 0;

/** Registers bytes under a fresh id (the bytes are kept as given: do not mutate them afterwards). */
export function registerModel(fileName: string, bytes: Uint8Array): ModelFile {
  const file = { id: `m${++counter}`, fileName, bytes };
  files.set(file.id, file);
  return file;
}

export function modelFile(id: string): ModelFile {
  const f = files.get(id);
  if (!f) throw new Error(`no model with id ${id} (it was replaced or cleared)`);
  return f;
}

export function hasModel(id: string | null | undefined): id is string {
  return id != null && files.has(id);
}

export function forgetModel(id: string | null | undefined): void {
  if (id != null) files.delete(id);
}
