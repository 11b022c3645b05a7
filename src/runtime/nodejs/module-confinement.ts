/**
 * A function's code resolves only what it ships. Node looks for a package in the node_modules folder of every
 * directory above the importing file, so a package lying anywhere above the code directory (Eventide's own
 * checkout, when the data dir is inside it) would otherwise be found; on Lambda nothing above /var/task has one.
 *
 * Both mechanisms leave Node's own resolution in charge (exports, conditions, extensions, error messages) and
 * only take away the folders outside the package roots:
 * - `require()`: `Module._resolveLookupPaths` is where CommonJS lists the folders a bare request is searched in
 *   (the node_modules chain, NODE_PATH, the global folders); outside folders are dropped from its answer, so a
 *   missing package fails with Node's (and Lambda's) "Cannot find module 'x'\nRequire stack: …".
 * - `import`: ESM has no such list, only resolve hooks (resolve-hooks.ts). `module.registerHooks` runs them
 *   in-thread (Node ≥ 22.15); older Node only has `module.register`, whose loader thread costs about 100 ms of
 *   cold start, so they are registered only when some folder above the roots has a node_modules at all.
 */
import { existsSync, realpathSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { initialize, isBareSpecifier, isWithin, resolveSync, type HookData } from './resolve-hooks.js';

/**
 * The folders a function's packages may come from: its code directory. Layers and packages the runtime
 * provides (e.g. the AWS SDK) are to be added here, and nowhere else.
 */
export function packageRoots(taskRoot: string): string[] {
  return [taskRoot];
}

type LookupPaths = (request: string, parent: unknown) => string[] | null;
type SyncResolve = typeof resolveSync;

interface ModuleInternals {
  _resolveLookupPaths: LookupPaths;
  registerHooks?: (hooks: { resolve: SyncResolve }) => unknown;
}

export function confineModuleResolution(roots: string[]): void {
  const realRoots = roots.map((root) => realpathSync(root));
  const internals = Module as unknown as ModuleInternals;
  const lookupPaths = internals._resolveLookupPaths;
  internals._resolveLookupPaths = (request, parent) => {
    const paths = lookupPaths.call(Module, request, parent);
    return paths === null || !isBareSpecifier(request) ? paths : paths.filter((dir) => isWithin(dir, realRoots));
  };
  if (!realRoots.some(hasNodeModulesAbove)) return;
  const data: HookData = { roots: realRoots };
  if (internals.registerHooks !== undefined) {
    initialize(data);
    internals.registerHooks({ resolve: resolveSync });
  } else {
    Module.register(new URL('./resolve-hooks.js', import.meta.url), { data });
  }
}

function hasNodeModulesAbove(root: string): boolean {
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules'))) return true;
    if (dir === path.dirname(dir)) return false;
  }
}
