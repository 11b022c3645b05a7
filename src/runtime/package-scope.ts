import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Makes `dir`, the folder holding extracted packages, the edge of Node's package scope. Node takes a `.js` file's
 * module type from the nearest package.json above it, so without one here the data dir's surroundings would decide
 * (inside Eventide's own checkout, `"type": "module"`: a CommonJS handler fails with "exports is not defined in ES
 * module scope"). This one has no "type", so a `.js` file is CommonJS unless the package's own package.json says
 * otherwise, as on Lambda, where nothing above /var/task has a package.json.
 */
export async function markPackageScopeBoundary(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), PACKAGE_SCOPE_BOUNDARY);
}

const PACKAGE_SCOPE_BOUNDARY = `${JSON.stringify(
  { description: 'Written by Eventide: the code below is CommonJS unless its own package.json says "type": "module".' },
  null,
  2,
)}\n`;
