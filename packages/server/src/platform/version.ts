import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The server package's version, read from its package.json. */
export const VERSION: string = (() => {
  try {
    const file = fileURLToPath(new URL('../../package.json', import.meta.url));
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/** Where the built web UI is when running from this repository. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));
