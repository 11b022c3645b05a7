import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RuntimeError } from './errors.js';

export type Handler = (event: unknown, context: unknown, callback: unknown) => unknown;

/** `_HANDLER` taken apart as AWS does: `dir/module.export.path` (the first dot after the last `/`). */
interface HandlerName {
  moduleDir: string;
  moduleName: string;
  exportPath: string[];
}

const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs'];

/** Loads the user's module (CommonJS or ESM) and returns the handler function; throws RuntimeError like AWS. */
export async function loadHandler(taskRoot: string, handlerString: string): Promise<Handler> {
  const name = parseHandlerName(handlerString);
  const modulePath = resolveModulePath(taskRoot, name);
  const namespace = await importUserModule(modulePath);
  const handler = findExport(namespace, name.exportPath);
  if (handler === undefined) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  }
  return handler as Handler;
}

function parseHandlerName(handlerString: string): HandlerName {
  if (handlerString.includes('..')) {
    throw new RuntimeError(
      'Runtime.MalformedHandlerName',
      `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const baseStart = handlerString.lastIndexOf('/') + 1;
  const base = handlerString.slice(baseStart);
  const dot = base.indexOf('.');
  if (dot <= 0 || dot === base.length - 1) {
    throw new RuntimeError('Runtime.MalformedHandlerName', 'Bad handler');
  }
  return {
    moduleDir: handlerString.slice(0, baseStart),
    moduleName: base.slice(0, dot),
    exportPath: base.slice(dot + 1).split('.'),
  };
}

/** Tries `<name>.js`, `.mjs`, `.cjs`, then Node's own resolution (bare file, directory, node_modules). */
function resolveModulePath(taskRoot: string, name: HandlerName): string {
  const basePath = resolve(taskRoot, name.moduleDir, name.moduleName);
  const withExtension = MODULE_EXTENSIONS.map((extension) => basePath + extension).find(isFile);
  if (withExtension !== undefined) {
    return withExtension;
  }
  const requireFromTaskRoot = createRequire(join(taskRoot, 'noop.js'));
  for (const request of [basePath, name.moduleName]) {
    try {
      return requireFromTaskRoot.resolve(request);
    } catch {
      // try the next way of resolving it
    }
  }
  throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${name.moduleName}'`);
}

async function importUserModule(modulePath: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new RuntimeError('Runtime.UserCodeSyntaxError', String(error));
    }
    if (isModuleNotFound(error)) {
      throw new RuntimeError('Runtime.ImportModuleError', String(error));
    }
    throw error;
  }
}

/**
 * Only CommonJS's MODULE_NOT_FOUND, as AWS's runtime does: an `import` of a missing package (ERR_MODULE_NOT_FOUND)
 * reaches the caller as the plain Error Node threw ("Cannot find package 'x' imported from /var/task/index.mjs").
 */
function isModuleNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND';
}

/** ESM exports are on the namespace; a CommonJS module's `module.exports` is its `default`. */
function findExport(namespace: Record<string, unknown>, exportPath: string[]): unknown {
  return walk(namespace, exportPath) ?? walk(namespace['default'], exportPath);
}

function walk(root: unknown, propertyPath: string[]): unknown {
  let value = root;
  for (const property of propertyPath) {
    if (value === null || value === undefined) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[property];
  }
  return value;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}
