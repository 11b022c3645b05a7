/**
 * The ESM resolve hook that keeps a function's `import` of a package inside its package roots (see
 * module-confinement.ts). Node resolves as always; a bare specifier whose answer lies outside every root is
 * refused the way Node refuses a package it cannot find. Loaded in-thread by `module.registerHooks`, or on the
 * loader thread by `module.register` (which calls `initialize` there), so it imports node: builtins only.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ResolveContext {
  parentURL?: string | undefined;
}

export interface Resolved {
  url: string;
}

export interface HookData {
  roots: string[];
}

let packageRoots: string[] = [];

export function initialize(data: HookData): void {
  packageRoots = data.roots;
}

/** For `module.register` (off-thread, asynchronous). */
export async function resolve(
  specifier: string,
  context: ResolveContext,
  nextResolve: (specifier: string, context: ResolveContext) => Promise<Resolved>,
): Promise<Resolved> {
  return confine(specifier, context, await nextResolve(specifier, context));
}

/** For `module.registerHooks` (in-thread, synchronous). */
export function resolveSync(
  specifier: string,
  context: ResolveContext,
  nextResolve: (specifier: string, context: ResolveContext) => Resolved,
): Resolved {
  return confine(specifier, context, nextResolve(specifier, context));
}

function confine(specifier: string, context: ResolveContext, resolved: Resolved): Resolved {
  if (!isBareSpecifier(specifier) || !resolved.url.startsWith('file:')) return resolved;
  if (isWithin(fileURLToPath(resolved.url), packageRoots)) return resolved;
  throw packageNotFound(specifier, context.parentURL);
}

/** A package name (`leaky-pkg`, `@aws-sdk/client-s3/dist`), not a path, a URL (`node:fs`) or a subpath import (`#x`). */
export function isBareSpecifier(specifier: string): boolean {
  return !/^(?:\.|\/|#|[a-zA-Z][a-zA-Z\d+.-]*:)/.test(specifier);
}

export function isWithin(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/** Node's own words for a package it cannot find: `Cannot find package 'x' imported from /path/index.mjs`. */
function packageNotFound(specifier: string, parentURL: string | undefined): Error {
  const segments = specifier.split('/');
  const packageName = specifier.startsWith('@') ? segments.slice(0, 2).join('/') : segments[0];
  const importer = parentURL?.startsWith('file:') ? fileURLToPath(parentURL) : parentURL;
  const error = new Error(`Cannot find package '${packageName}' imported from ${importer}`) as NodeJS.ErrnoException;
  error.code = 'ERR_MODULE_NOT_FOUND';
  return error;
}
