import { readFileSync } from 'node:fs';

/** Eventide's version, from its package.json (this file is `dist/src/lib/package-version.js` once built). */
export function packageVersion(): string {
  const file = new URL('../../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
