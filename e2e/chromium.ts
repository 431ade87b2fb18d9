// Where the system Chromium lives: CHROMIUM_PATH, else Debian's /usr/bin/chromium.
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}
