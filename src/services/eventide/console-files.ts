import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resourceNotFound } from '../../lib/errors.js';
import type { RestResponse, RestRoute } from '../service.js';

const CONSOLE_PATH = '/_eventide/console';

/** Where `npm run build` puts the console: its compiled modules, page and stylesheet (`src/console/`). */
const CONSOLE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * The browser builds of the console's libraries, served from their packages as installed: the console's import
 * map (`index.html`) names them, so the page needs no bundler and no network beyond Eventide.
 */
const VENDOR_ENTRIES: Record<string, { specifier: string; file: string }> = {
  'preact.js': { specifier: 'preact', file: 'preact.module.js' },
  'preact-hooks.js': { specifier: 'preact/hooks', file: 'hooks.module.js' },
  'htm.js': { specifier: 'htm', file: 'htm.module.js' },
  'htm-preact.js': { specifier: 'htm/preact', file: 'index.module.js' },
};

/**
 * `GET /_eventide/console/`: the web console's files. Only the files the build shipped are served, looked up by
 * name in a list made at start, so no request path can reach any other file; anything else is a 404.
 */
export function consoleRoutes(): RestRoute[] {
  const shipped = shippedFiles();
  const vendor = vendorFiles();
  return [
    {
      operation: 'GetConsole',
      method: 'GET',
      path: CONSOLE_PATH,
      async handle(request) {
        // Relative URLs in the page resolve against the slash form.
        if (!request.path.endsWith('/')) return { status: 301, headers: { Location: `${CONSOLE_PATH}/` } };
        return serve(shipped, 'index.html');
      },
    },
    {
      operation: 'GetConsoleVendorFile',
      method: 'GET',
      path: `${CONSOLE_PATH}/vendor/{File}`,
      handle: async (request) => serve(vendor, request.pathParams.File ?? ''),
    },
    {
      operation: 'GetConsoleFile',
      method: 'GET',
      path: `${CONSOLE_PATH}/{File}`,
      handle: async (request) => serve(shipped, request.pathParams.File ?? ''),
    },
  ];
}

async function serve(files: Map<string, string>, name: string): Promise<RestResponse> {
  const file = files.get(name);
  const contentType = CONTENT_TYPES[path.extname(name)];
  if (file === undefined || contentType === undefined) throw resourceNotFound(`The console has no file ${JSON.stringify(name)}.`);
  return {
    status: 200,
    headers: { 'Content-Type': contentType, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' },
    body: await readFile(file),
  };
}

/** The console's own files by name; none when Eventide runs from a build without the console. */
function shippedFiles(): Map<string, string> {
  let names: string[];
  try {
    names = readdirSync(CONSOLE_DIR);
  } catch {
    names = [];
  }
  return new Map(names.filter((name) => CONTENT_TYPES[path.extname(name)] !== undefined).map((name) => [name, path.join(CONSOLE_DIR, name)]));
}

/** Each library's browser module lies beside the entry point its package resolves to. */
function vendorFiles(): Map<string, string> {
  const require = createRequire(import.meta.url);
  return new Map(
    Object.entries(VENDOR_ENTRIES).map(([name, { specifier, file }]) => [name, path.join(path.dirname(require.resolve(specifier)), file)]),
  );
}
