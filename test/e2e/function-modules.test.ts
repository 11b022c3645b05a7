/**
 * What a Node.js function's code is and what it can import, wherever the data dir lives. Eventide runs here with its
 * data dir inside a folder whose package.json says `"type": "module"` and whose node_modules holds a package
 * (`leaky-pkg`), as when `./.eventide` sits in Eventide's own checkout. As on Lambda, a `.js` file is CommonJS unless
 * the function's own package.json says otherwise, and code finds only the packages it ships. Invoked with the AWS CLI.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LambdaClient } from '@aws-sdk/client-lambda';

import { awsCli, lambdaClient } from './support/clients.js';
import { startEventide, type EventideProcess } from './support/eventide-process.js';
import { deploy } from './invoke-support.js';

let eventide: EventideProcess;
let lambda: LambdaClient;
/** `{"type": "module"}` and node_modules/leaky-pkg; the data dir is inside it. */
let tree: string;

before(async () => {
  tree = await mkdtemp(path.join(tmpdir(), 'eventide-modules-'));
  await writeFile(path.join(tree, 'package.json'), '{"type": "module"}\n');
  const leaky = path.join(tree, 'node_modules', 'leaky-pkg');
  await mkdir(leaky, { recursive: true });
  await writeFile(path.join(leaky, 'package.json'), '{"name": "leaky-pkg", "main": "index.js"}\n');
  await writeFile(path.join(leaky, 'index.js'), 'export default "leaked from above the code";\n');
  eventide = await startEventide({ dataDir: path.join(tree, '.eventide') });
  lambda = lambdaClient(eventide.url);
});

after(async () => {
  lambda?.destroy();
  await eventide?.stop();
  if (tree !== undefined) await rm(tree, { recursive: true, force: true });
});

interface CliInvoked {
  functionError: string | undefined;
  payload: unknown;
}

/** `aws lambda invoke`, as a user runs it; the payload is the outfile's JSON. */
async function invokeWithCli(name: string): Promise<CliInvoked> {
  const outfile = path.join(tree, `${name}.out.json`);
  const cli = await awsCli(eventide.url, ['lambda', 'invoke', '--function-name', name, outfile]);
  assert.equal(cli.code, 0, cli.stderr);
  const printed = JSON.parse(cli.stdout) as { StatusCode: number; FunctionError?: string };
  assert.equal(printed.StatusCode, 200);
  return { functionError: printed.FunctionError, payload: JSON.parse(await readFile(outfile, 'utf8')) };
}

async function deployAndInvoke(prefix: string, files: Record<string, string>, handler = 'index.handler'): Promise<CliInvoked> {
  return invokeWithCli(await deploy(lambda, { prefix, files, handler }));
}

async function expectResult(prefix: string, files: Record<string, string>, expected: unknown, handler?: string): Promise<void> {
  const result = await deployAndInvoke(prefix, files, handler);
  assert.equal(result.functionError, undefined, JSON.stringify(result.payload));
  assert.deepEqual(result.payload, expected);
}

describe('module type: the function code decides, not the folders around the data dir', { concurrency: true }, () => {
  test('a CommonJS index.js handler (exports.handler) works', async () => {
    await expectResult('cjs', { 'index.js': 'exports.handler = async (event, context) => ({ kind: typeof module, name: context.functionName.length > 0 });\n' }, { kind: 'object', name: true });
  });

  test('an ESM index.js works when the function’s own package.json says "type": "module"', async () => {
    await expectResult(
      'esm',
      { 'package.json': '{"type": "module"}\n', 'index.js': 'export const handler = async () => typeof import.meta.url;\n' },
      'string',
    );
  });

  test('.mjs and .cjs handlers work', async () => {
    await expectResult('mjs', { 'app.mjs': 'export const handler = async () => "from mjs";\n' }, 'from mjs', 'app.handler');
    await expectResult('cjs-ext', { 'app.cjs': 'exports.handler = async () => "from cjs";\n' }, 'from cjs', 'app.handler');
  });
});

describe('imports: the function finds only the packages it ships', { concurrency: true }, () => {
  test('require() of a package found only above the code → Runtime.ImportModuleError with the require stack', async () => {
    const name = await deploy(lambda, { prefix: 'leak-cjs', files: { 'index.js': 'const leaked = require("leaky-pkg");\nexports.handler = async () => leaked;\n' } });
    const result = await invokeWithCli(name);
    assert.equal(result.functionError, 'Unhandled');
    const error = result.payload as { errorType: string; errorMessage: string };
    assert.equal(error.errorType, 'Runtime.ImportModuleError');
    assert.match(error.errorMessage, /^Error: Cannot find module 'leaky-pkg'\nRequire stack:\n- \/\S+\/index\.js/);
  });

  // AWS's runtime turns only CommonJS's MODULE_NOT_FOUND into Runtime.ImportModuleError; a failed `import` comes
  // back as the Error Node threw ("Cannot find package '…' imported from /var/task/index.mjs").
  test('import of a package found only above the code → "Cannot find package" (static ESM import)', async () => {
    const result = await deployAndInvoke('leak-esm', { 'index.mjs': 'import leaked from "leaky-pkg";\nexport const handler = async () => leaked;\n' });
    assert.equal(result.functionError, 'Unhandled');
    const error = result.payload as { errorType: string; errorMessage: string };
    assert.equal(error.errorType, 'Error');
    assert.match(error.errorMessage, /^Cannot find package 'leaky-pkg' imported from \/\S+\/index\.mjs$/);
  });

  test('a dynamic import() from CommonJS code is refused the same way', async () => {
    const result = await deployAndInvoke('leak-dyn', { 'index.js': 'exports.handler = async () => (await import("leaky-pkg")).default;\n' });
    assert.equal(result.functionError, 'Unhandled');
    assert.match((result.payload as { errorMessage: string }).errorMessage, /^Cannot find package 'leaky-pkg' imported from \/\S+\/index\.js$/);
  });

  test('packages the function ships in its own node_modules can be required and imported', async () => {
    await expectResult(
      'own-pkg',
      {
        'node_modules/some-pkg/package.json': '{"name": "some-pkg", "main": "index.js"}\n',
        'node_modules/some-pkg/index.js': 'module.exports = "shipped";\n',
        'node_modules/esm-pkg/package.json': '{"name": "esm-pkg", "type": "module", "exports": "./index.js"}\n',
        'node_modules/esm-pkg/index.js': 'export default "shipped esm";\n',
        'index.js':
          'const required = require("some-pkg");\n' +
          'exports.handler = async () => [required, (await import("some-pkg")).default, (await import("esm-pkg")).default, require("node:path").sep];\n',
      },
      ['shipped', 'shipped', 'shipped esm', '/'],
    );
  });
});
