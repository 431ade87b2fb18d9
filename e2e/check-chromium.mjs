// Runs before the e2e suite: stop with a helpful message (not a stack trace) when no Chromium is found.
import { accessSync, constants } from 'node:fs';

const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
try {
  accessSync(path, constants.X_OK);
} catch {
  console.error(
    `e2e: no Chromium at ${path}.\n` +
      '  Install Debian\'s Chromium:  sudo apt-get install -y chromium\n' +
      '  or point CHROMIUM_PATH at a Chromium/Chrome binary:  CHROMIUM_PATH=/path/to/chrome npm test\n' +
      '  (the tests never download a browser).',
  );
  process.exit(1);
}
