import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import yazl from 'yazl';

import {
  describeCodePackage,
  extractCodePackage,
  MAX_UNZIPPED_BYTES,
  MAX_ZIPPED_BYTES,
} from '../../../../src/core/functions/code-package.js';
import { AwsError } from '../../../../src/lib/errors.js';

const UNZIP_FAILED = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

// ---------------------------------------------------------------------------------------------------------------
// Helpers

interface YazlItem {
  name: string;
  data?: string | Buffer;
  mode?: number;
  directory?: boolean;
}

/** A real zip made by yazl (deflated unless told otherwise). */
function buildZip(items: YazlItem[], compress = true): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const item of items) {
    if (item.directory) {
      zip.addEmptyDirectory(item.name, item.mode === undefined ? {} : { mode: item.mode });
    } else {
      const data = typeof item.data === 'string' ? Buffer.from(item.data) : (item.data ?? Buffer.alloc(0));
      zip.addBuffer(data, item.name, { compress, ...(item.mode === undefined ? {} : { mode: item.mode }) });
    }
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

interface RawItem {
  /** Written as is: no validation, so any name a malicious archiver could store. */
  name: string;
  data?: Buffer;
  /** Unix mode, stored in the high 16 bits of the external attributes. */
  mode?: number;
  deflate?: boolean;
  /** Lie about the uncompressed size in both headers. */
  declaredSize?: number;
}

/** A hand-built zip (local headers, central directory, end record) for names that yazl refuses to write. */
function buildRawZip(items: RawItem[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const name = Buffer.from(item.name, 'utf8');
    const data = item.data ?? Buffer.alloc(0);
    const stored = item.deflate ? deflateRawSync(data) : data;
    const method = item.deflate ? 8 : 0;
    const crc = crc32(data);
    const size = item.declaredSize ?? data.length;
    const mode = item.mode ?? 0o100644;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, stored);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + stored.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'eventide-code-package-'));
  try {
    await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

async function modeOf(p: string): Promise<number> {
  return (await fs.stat(p)).mode & 0o7777;
}

function sha256(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('base64');
}

/** Asserts an InvalidParameterValueException whose message satisfies `message`. */
async function assertRefused(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AwsError, `expected AwsError, got ${String(err)}`);
    assert.equal(err.code, 'InvalidParameterValueException');
    assert.equal(err.status, 400);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    return true;
  });
}

/** Everything under dir, as sorted relative paths (directories end with '/'). */
async function listTree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string, prefix: string): Promise<void> => {
    for (const entry of await fs.readdir(current, { withFileTypes: true })) {
      const rel = prefix + entry.name;
      if (entry.isDirectory()) {
        out.push(rel + '/');
        await walk(path.join(current, entry.name), rel + '/');
      } else {
        out.push(rel);
      }
    }
  };
  await walk(dir, '');
  return out.sort();
}

// ---------------------------------------------------------------------------------------------------------------
// Normal packages

test('constants are AWS limits', () => {
  assert.equal(MAX_ZIPPED_BYTES, 52_428_800);
  assert.equal(MAX_UNZIPPED_BYTES, 262_144_000);
});

test('describeCodePackage gives base64 SHA-256 and byte size of the zip', async () => {
  const zip = await buildZip([{ name: 'index.mjs', data: 'export const handler = async () => 1;\n' }]);
  assert.deepEqual(describeCodePackage(zip), { sha256: sha256(zip), size: zip.length });
});

test('extracts a nested tree with the right contents, modes, sha256 and size', async () => {
  await withTempDir(async (tmp) => {
    const bigText = 'line of text\n'.repeat(20_000);
    const zip = await buildZip([
      { name: 'index.mjs', data: 'export const handler = async () => "ok";\n' },
      { name: 'lib/', directory: true },
      { name: 'lib/util.js', data: 'module.exports = 42;\n' },
      { name: 'lib/deep/nested/data.json', data: '{"a":1}' },
      { name: 'lib/deep/big.txt', data: bigText },
      { name: 'empty/', directory: true },
    ]);
    const target = path.join(tmp, 'parent', 'code');
    const result = await extractCodePackage(zip, target);

    assert.deepEqual(result, { sha256: sha256(zip), size: zip.length });
    assert.equal(result.sha256, createHash('sha256').update(zip).digest('base64'));
    assert.deepEqual(await listTree(target), [
      'empty/',
      'index.mjs',
      'lib/',
      'lib/deep/',
      'lib/deep/big.txt',
      'lib/deep/nested/',
      'lib/deep/nested/data.json',
      'lib/util.js',
    ]);
    assert.equal(await fs.readFile(path.join(target, 'index.mjs'), 'utf8'), 'export const handler = async () => "ok";\n');
    assert.equal(await fs.readFile(path.join(target, 'lib/util.js'), 'utf8'), 'module.exports = 42;\n');
    assert.equal(await fs.readFile(path.join(target, 'lib/deep/nested/data.json'), 'utf8'), '{"a":1}');
    assert.equal(await fs.readFile(path.join(target, 'lib/deep/big.txt'), 'utf8'), bigText);

    assert.equal(await modeOf(target), 0o755);
    assert.equal(await modeOf(path.join(target, 'index.mjs')), 0o644);
    assert.equal(await modeOf(path.join(target, 'lib')), 0o755);
    assert.equal(await modeOf(path.join(target, 'lib/deep')), 0o755);
    assert.equal(await modeOf(path.join(target, 'lib/deep/nested')), 0o755);
    assert.equal(await modeOf(path.join(target, 'empty')), 0o755);
  });
});

test('extracts stored (uncompressed) entries', async () => {
  await withTempDir(async (tmp) => {
    const zip = await buildZip([{ name: 'a/b.txt', data: 'stored bytes' }], false);
    const target = path.join(tmp, 'code');
    await extractCodePackage(zip, target);
    assert.equal(await fs.readFile(path.join(target, 'a/b.txt'), 'utf8'), 'stored bytes');
  });
});

test('keeps the executable bit; other files get 0o644 and never special bits', async () => {
  await withTempDir(async (tmp) => {
    const zip = await buildZip([
      { name: 'bootstrap', data: '#!/bin/sh\necho hi\n', mode: 0o100755 },
      { name: 'bin/tool', data: 'x', mode: 0o100700 },
      { name: 'private.txt', data: 'x', mode: 0o100600 },
      { name: 'world-writable.txt', data: 'x', mode: 0o100666 },
      { name: 'setuid', data: 'x', mode: 0o104755 },
      { name: 'handler.js', data: 'x' },
    ]);
    const target = path.join(tmp, 'code');
    await extractCodePackage(zip, target);
    assert.equal(await modeOf(path.join(target, 'bootstrap')), 0o755);
    assert.equal(await modeOf(path.join(target, 'bin/tool')), 0o755);
    assert.equal(await modeOf(path.join(target, 'private.txt')), 0o644);
    assert.equal(await modeOf(path.join(target, 'world-writable.txt')), 0o644);
    assert.equal(await modeOf(path.join(target, 'setuid')), 0o755);
    assert.equal(await modeOf(path.join(target, 'handler.js')), 0o644);
    await fs.access(path.join(target, 'bootstrap'), fs.constants.X_OK);
  });
});

test('a hand-built zip with Windows-made (no unix mode) attributes extracts as 0o644', async () => {
  await withTempDir(async (tmp) => {
    const zip = buildRawZip([{ name: 'dir\\file.txt', data: Buffer.from('hello'), mode: 0 }]);
    const target = path.join(tmp, 'code');
    await extractCodePackage(zip, target);
    // Backslashes are separators, as yauzl and AWS treat them.
    assert.equal(await fs.readFile(path.join(target, 'dir/file.txt'), 'utf8'), 'hello');
    assert.equal(await modeOf(path.join(target, 'dir/file.txt')), 0o644);
  });
});

test('an empty but valid zip extracts to an empty directory', async () => {
  await withTempDir(async (tmp) => {
    const zip = await buildZip([]);
    const target = path.join(tmp, 'code');
    const result = await extractCodePackage(zip, target);
    assert.deepEqual(result, { sha256: sha256(zip), size: zip.length });
    assert.deepEqual(await fs.readdir(target), []);
    assert.equal(await modeOf(target), 0o755);
  });
});

test('refuses a targetDir that already exists and leaves it alone', async () => {
  await withTempDir(async (tmp) => {
    const target = path.join(tmp, 'code');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'keep.txt'), 'keep');
    const zip = await buildZip([{ name: 'a.txt', data: 'a' }]);
    await assert.rejects(extractCodePackage(zip, target), { code: 'EEXIST' });
    assert.equal(await fs.readFile(path.join(target, 'keep.txt'), 'utf8'), 'keep');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Refusals

test('refuses zip-slip entries; nothing is written outside and targetDir is removed', async () => {
  for (const name of ['../x', 'evil/../../x', 'evil/../../../x', 'ok/../x', '..']) {
    await withTempDir(async (tmp) => {
      const base = path.join(tmp, 'base');
      const target = path.join(base, 'code');
      const zip = buildRawZip([
        { name: 'first.txt', data: Buffer.from('first') },
        { name, data: Buffer.from('pwned') },
      ]);
      await assertRefused(
        extractCodePackage(zip, target),
        `${UNZIP_FAILED} The entry '${name}' would be extracted outside the code directory (absolute path or '..').`,
      );
      assert.equal(await exists(target), false, `${name}: targetDir removed`);
      assert.equal(await exists(path.join(base, 'x')), false, `${name}: nothing in base`);
      assert.equal(await exists(path.join(tmp, 'x')), false, `${name}: nothing in tmp`);
      assert.deepEqual(await fs.readdir(base), [], `${name}: only the (removed) targetDir was ever created`);
    });
  }
});

test('refuses backslash tricks', async () => {
  for (const name of ['..\\x', 'evil\\..\\..\\x', 'a/..\\..\\x', '\\abs\\x']) {
    await withTempDir(async (tmp) => {
      const target = path.join(tmp, 'base', 'code');
      const zip = buildRawZip([{ name, data: Buffer.from('pwned') }]);
      await assertRefused(extractCodePackage(zip, target), /would be extracted outside the code directory/);
      assert.equal(await exists(target), false);
      assert.equal(await exists(path.join(tmp, 'base', 'x')), false);
      assert.equal(await exists(path.join(tmp, 'x')), false);
    });
  }
});

test('refuses absolute paths and drive letters', async () => {
  await withTempDir(async (tmp) => {
    const outside = path.join(tmp, 'absolute-target.txt');
    for (const name of [outside, '/etc/eventide-should-not-exist', 'C:/x', 'c:\\x', 'C:x']) {
      const target = path.join(tmp, 'code');
      const zip = buildRawZip([{ name, data: Buffer.from('pwned') }]);
      await assertRefused(extractCodePackage(zip, target), /would be extracted outside the code directory/);
      assert.equal(await exists(target), false, `${name}: targetDir removed`);
    }
    assert.equal(await exists(outside), false);
  });
});

test('refuses a symbolic link entry, naming it', async () => {
  await withTempDir(async (tmp) => {
    const zip = await buildZip([
      { name: 'index.js', data: 'ok' },
      { name: 'link', data: '/etc/passwd', mode: 0o120777 },
    ]);
    const target = path.join(tmp, 'code');
    await assertRefused(
      extractCodePackage(zip, target),
      `${UNZIP_FAILED} The entry 'link' is a symbolic link, which is not supported.`,
    );
    assert.equal(await exists(target), false);
  });
});

test('refuses a zip bomb over the configured limit', async () => {
  await withTempDir(async (tmp) => {
    const zip = await buildZip([{ name: 'zeros.bin', data: Buffer.alloc(300_000) }]);
    assert.ok(zip.length < 2_000, 'zeros compress well');
    const target = path.join(tmp, 'code');
    await assertRefused(
      extractCodePackage(zip, target, { maxUnzippedBytes: 100_000 }),
      'Unzipped size must be smaller than 100000 bytes',
    );
    assert.equal(await exists(target), false);
  });
});

test('the limit is on the total across entries, and a package at the limit is accepted', async () => {
  await withTempDir(async (tmp) => {
    const over = await buildZip([
      { name: 'a.bin', data: Buffer.alloc(60_000) },
      { name: 'b/b.bin', data: Buffer.alloc(60_000) },
    ]);
    await assertRefused(
      extractCodePackage(over, path.join(tmp, 'over'), { maxUnzippedBytes: 100_000 }),
      'Unzipped size must be smaller than 100000 bytes',
    );
    assert.equal(await exists(path.join(tmp, 'over')), false);

    const atLimit = await buildZip([
      { name: 'a.bin', data: Buffer.alloc(50_000) },
      { name: 'b/b.bin', data: Buffer.alloc(50_000) },
    ]);
    await extractCodePackage(atLimit, path.join(tmp, 'at'), { maxUnzippedBytes: 100_000 });
    assert.equal((await fs.stat(path.join(tmp, 'at', 'b/b.bin'))).size, 50_000);
  });
});

test('refuses a zip bomb whose headers understate the size', async () => {
  await withTempDir(async (tmp) => {
    // Header claims 1000 bytes; the deflated data inflates to 300 KB.
    const zip = buildRawZip([{ name: 'liar.bin', data: Buffer.alloc(300_000), deflate: true, declaredSize: 1_000 }]);
    const target = path.join(tmp, 'code');
    await assertRefused(extractCodePackage(zip, target, { maxUnzippedBytes: 100_000 }), UNZIP_FAILED);
    assert.equal(await exists(target), false);
  });
});

test('the default unzipped limit is MAX_UNZIPPED_BYTES, checked before anything is written', async () => {
  await withTempDir(async (tmp) => {
    // Headers declare more than 250 MB; the check on declared sizes refuses it without inflating anything.
    const zip = buildRawZip([
      { name: 'small.txt', data: Buffer.from('x') },
      { name: 'huge.bin', data: Buffer.alloc(1_000), deflate: true, declaredSize: MAX_UNZIPPED_BYTES },
    ]);
    const target = path.join(tmp, 'code');
    await assertRefused(extractCodePackage(zip, target), 'Unzipped size must be smaller than 262144000 bytes');
    assert.equal(await exists(target), false);
  });
});

test('refuses a zip larger than MAX_ZIPPED_BYTES', async () => {
  await withTempDir(async (tmp) => {
    const target = path.join(tmp, 'code');
    await assertRefused(
      extractCodePackage(Buffer.alloc(MAX_ZIPPED_BYTES + 1), target),
      'Zipped size must be smaller than 52428800 bytes',
    );
    assert.equal(await exists(target), false);
  });
});

test('refuses garbage bytes and truncated zips', async () => {
  await withTempDir(async (tmp) => {
    const good = await buildZip([{ name: 'index.js', data: 'exports.handler = async () => 1;\n'.repeat(50) }]);
    const corruptData = Buffer.from(good);
    const dataStart = 30 + good.readUInt16LE(26) + good.readUInt16LE(28); // first local header's file data
    corruptData.fill(0xff, dataStart, dataStart + 20); // mangle the deflate stream
    const cases: Array<[string, Buffer]> = [
      ['garbage', Buffer.from('this is definitely not a zip file, just some text')],
      ['empty buffer', Buffer.alloc(0)],
      ['truncated', good.subarray(0, good.length - 10)],
      ['cut in the middle', good.subarray(0, Math.floor(good.length / 2))],
      ['corrupt data', corruptData],
    ];
    for (const [label, zip] of cases) {
      const target = path.join(tmp, label.replace(/ /g, '-'));
      await assertRefused(extractCodePackage(zip, target), UNZIP_FAILED);
      assert.equal(await exists(target), false, `${label}: targetDir removed`);
    }
  });
});

test('refuses entries that collide with each other', async () => {
  await withTempDir(async (tmp) => {
    const fileThenChild = await buildZip([
      { name: 'a', data: 'file' },
      { name: 'a/b', data: 'child of a file' },
    ]);
    await assertRefused(extractCodePackage(fileThenChild, path.join(tmp, 'one')), /The entry 'a\/b' conflicts/);
    assert.equal(await exists(path.join(tmp, 'one')), false);

    const duplicate = buildRawZip([
      { name: 'same.txt', data: Buffer.from('1') },
      { name: 'same.txt', data: Buffer.from('2') },
    ]);
    await assertRefused(extractCodePackage(duplicate, path.join(tmp, 'two')), /The entry 'same.txt' conflicts/);
    assert.equal(await exists(path.join(tmp, 'two')), false);

    const dirThenFile = buildRawZip([
      { name: 'd/', mode: 0o040755 },
      { name: 'd', data: Buffer.from('x') },
    ]);
    await assertRefused(extractCodePackage(dirThenFile, path.join(tmp, 'three')), /The entry 'd' conflicts/);
    assert.equal(await exists(path.join(tmp, 'three')), false);
  });
});
