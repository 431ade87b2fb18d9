// Saves bytes as a file through a temporary object URL (same origin: nothing leaves the tab).
export function saveFile(bytes: Uint8Array, fileName: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled (the download has its own reference by then).
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
