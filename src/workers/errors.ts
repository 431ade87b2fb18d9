// Errors cross the worker boundary through comlink, which keeps only name, message and stack.
// errorForPage turns whatever the core threw into an Error whose message the UI can show as is
// (the core's typed errors already name the file, tensor or op), and whose name says the type.

export function errorForPage(e: unknown): Error {
  if (e instanceof Error) {
    const out = new Error(e.message || e.name);
    out.name = e.name;
    return out;
  }
  if (typeof DOMException !== 'undefined' && e instanceof DOMException) {
    const out = new Error(e.message);
    out.name = e.name;
    return out;
  }
  return new Error(String(e));
}
