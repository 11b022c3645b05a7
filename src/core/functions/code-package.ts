/**
 * Lambda's `Code.ZipFile`: the facts AWS reports about a deployment package (CodeSha256, CodeSize) and a
 * safe extraction of it into a function's code directory.
 *
 * "Safe" means every entry lands inside the target directory and is a plain file or directory. Refused
 * entries are absolute paths, paths that step out with `..` (after normalising backslashes) and
 * symbolic links. The unzipped size is limited: the sizes in the zip headers are checked before anything
 * is written, and the bytes actually written are counted too. All refusals are AWS's 400
 * InvalidParameterValueException. When a refusal or failure happens part way, the target directory is
 * removed, so nothing is left behind.
 */

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';

import { AwsError, invalidParameterValue } from '../../lib/errors.js';

export interface CodePackage {
  /** Base64 of the SHA-256 of the zip bytes: AWS's `CodeSha256`. */
  sha256: string;
  /** Size of the zip in bytes: AWS's `CodeSize`. */
  size: number;
}

export interface CodePackageLimits {
  /** Largest total of unzipped bytes accepted; defaults to MAX_UNZIPPED_BYTES. */
  maxUnzippedBytes?: number;
}

export const MAX_ZIPPED_BYTES = 52_428_800;
export const MAX_UNZIPPED_BYTES = 262_144_000;

const UNZIP_FAILED = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const FILE_MODE = 0o644;
const EXECUTABLE_FILE_MODE = 0o755;
const DIRECTORY_MODE = 0o755;

/** CodeSha256 and CodeSize of a zip, without looking inside it. */
export function describeCodePackage(zip: Buffer): CodePackage {
  return { sha256: createHash('sha256').update(zip).digest('base64'), size: zip.length };
}

/**
 * Extracts `zip` into `targetDir` (which must not exist yet; it is created here) and returns the package facts.
 * On any refusal nothing is left behind: the partially written targetDir is removed.
 *
 * Files are written 0o755 when the entry's unix mode has any executable bit (custom runtimes need an
 * executable `bootstrap`) and 0o644 otherwise; directories are 0o755. Other mode bits (setuid, sticky,
 * group/world write) are never carried over.
 */
export async function extractCodePackage(
  zip: Buffer,
  targetDir: string,
  limits: CodePackageLimits = {},
): Promise<CodePackage> {
  if (zip.length > MAX_ZIPPED_BYTES) {
    throw invalidParameterValue(`Zipped size must be smaller than ${MAX_ZIPPED_BYTES} bytes`);
  }
  const maxUnzippedBytes = limits.maxUnzippedBytes ?? MAX_UNZIPPED_BYTES;
  const root = path.resolve(targetDir);

  await fs.mkdir(path.dirname(root), { recursive: true });
  // Not recursive: fails with EEXIST when targetDir already exists, which is the caller's mistake, and in
  // that case the existing directory must not be removed.
  await fs.mkdir(root, { mode: DIRECTORY_MODE });

  try {
    await fs.chmod(root, DIRECTORY_MODE);
    const zipfile = await openZip(zip);
    try {
      const entries = await readEntries(zipfile);
      const plan = planExtraction(entries, root, maxUnzippedBytes);
      await extract(zipfile, plan, root, maxUnzippedBytes);
    } finally {
      zipfile.close();
    }
  } catch (err) {
    await fs.rm(root, { recursive: true, force: true });
    throw err;
  }
  return describeCodePackage(zip);
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the zip

function unzipFailed(detail?: string): AwsError {
  return invalidParameterValue(detail === undefined ? UNZIP_FAILED : `${UNZIP_FAILED} ${detail}`);
}

function unsafePath(name: string): AwsError {
  return unzipFailed(`The entry '${name}' would be extracted outside the code directory (absolute path or '..').`);
}

function unzippedTooLarge(limit: number): AwsError {
  return invalidParameterValue(`Unzipped size must be smaller than ${limit} bytes`);
}

/** yauzl refuses some names itself (with `decodeStrings`); those become the same refusal as our own check. */
function fromYauzlError(err: unknown): AwsError {
  if (err instanceof AwsError) return err;
  const message = err instanceof Error ? err.message : '';
  const named = /^(?:absolute path|invalid relative path|invalid characters in fileName): ([\s\S]*)$/.exec(message);
  if (named?.[1] !== undefined) return unsafePath(named[1]);
  return unzipFailed();
}

function openZip(zip: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    try {
      yauzl.fromBuffer(
        zip,
        { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true },
        (err, zipfile) => {
          if (err) reject(fromYauzlError(err));
          else resolve(zipfile);
        },
      );
    } catch (err) {
      reject(fromYauzlError(err));
    }
  });
}

/** All entries of the central directory, read before anything is written. */
function readEntries(zipfile: ZipFile): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zipfile.on('entry', (entry: Entry) => {
      entries.push(entry);
      zipfile.readEntry();
    });
    zipfile.once('end', () => resolve(entries));
    zipfile.once('error', (err: unknown) => reject(fromYauzlError(err)));
    zipfile.readEntry();
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Validating the entries

interface PlannedEntry {
  entry: Entry;
  /** Entry name as stored, for messages. */
  name: string;
  /** Path segments below the root, normalised; empty for the root itself. */
  segments: string[];
  kind: 'directory' | 'file';
  mode: number;
}

function unixMode(entry: Entry): number {
  return (entry.externalFileAttributes >>> 16) & 0xffff;
}

/**
 * Normalises an entry name into path segments below root, refusing anything that could land elsewhere.
 * yauzl already refuses these names; this is checked again so safety does not rest on one library's rules.
 */
function entrySegments(name: string, root: string): string[] {
  const normalised = name.replace(/\\/g, '/');
  if (normalised.includes('\0')) throw unzipFailed(`The entry '${name}' has an invalid name.`);
  if (normalised.startsWith('/') || /^[a-zA-Z]:/.test(normalised)) throw unsafePath(name);
  const segments = normalised.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw unsafePath(name);
  const destination = path.resolve(root, ...segments);
  const relative = path.relative(root, destination);
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw unsafePath(name);
  return segments;
}

function planExtraction(entries: Entry[], root: string, maxUnzippedBytes: number): PlannedEntry[] {
  let declaredBytes = 0;
  const plan: PlannedEntry[] = [];
  for (const entry of entries) {
    const name = entry.fileName;
    const segments = entrySegments(name, root);
    const mode = unixMode(entry);
    if ((mode & S_IFMT) === S_IFLNK) {
      throw unzipFailed(`The entry '${name}' is a symbolic link, which is not supported.`);
    }
    const isDirectory = name.endsWith('/') || name.endsWith('\\');
    if (!isDirectory && segments.length === 0) throw unzipFailed(`The entry '${name}' has an invalid name.`);
    declaredBytes += entry.uncompressedSize;
    if (declaredBytes > maxUnzippedBytes) throw unzippedTooLarge(maxUnzippedBytes);
    plan.push({
      entry,
      name,
      segments,
      kind: isDirectory ? 'directory' : 'file',
      mode: isDirectory ? DIRECTORY_MODE : (mode & 0o111) !== 0 ? EXECUTABLE_FILE_MODE : FILE_MODE,
    });
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

/** Counts bytes across all entries and fails the stream once the total passes the limit. */
class ByteLimiter {
  written = 0;
  constructor(private readonly limit: number) {}

  stream(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) => {
        this.written += chunk.length;
        if (this.written > this.limit) callback(unzippedTooLarge(this.limit));
        else callback(null, chunk);
      },
    });
  }
}

/** fs errors caused by the zip's own layout (an entry colliding with another) are the uploader's problem. */
function conflictOr(err: unknown, name: string): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') {
    return unzipFailed(`The entry '${name}' conflicts with another entry.`);
  }
  if (code === 'ENAMETOOLONG') return unzipFailed(`The entry '${name}' has an invalid name.`);
  return err;
}

async function extract(zipfile: ZipFile, plan: PlannedEntry[], root: string, maxUnzippedBytes: number): Promise<void> {
  const directories = new Set<string>([root]);
  const limiter = new ByteLimiter(maxUnzippedBytes);

  /** Creates each missing directory level with mode 0o755 (explicit chmod: independent of the umask). */
  const ensureDirectory = async (segments: string[], name: string): Promise<void> => {
    let current = root;
    for (const segment of segments) {
      current = path.join(current, segment);
      if (directories.has(current)) continue;
      try {
        await fs.mkdir(current, { mode: DIRECTORY_MODE });
        await fs.chmod(current, DIRECTORY_MODE);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw conflictOr(err, name);
        // Only this function has written below root and it never makes links, so lstat sees the real thing.
        const stat = await fs.lstat(current);
        if (!stat.isDirectory()) throw unzipFailed(`The entry '${name}' conflicts with another entry.`);
      }
      directories.add(current);
    }
  };

  for (const item of plan) {
    if (item.kind === 'directory') {
      await ensureDirectory(item.segments, item.name);
      continue;
    }
    await ensureDirectory(item.segments.slice(0, -1), item.name);
    const destination = path.join(root, ...item.segments);
    let source: Readable;
    try {
      source = await zipfile.openReadStreamPromise(item.entry);
    } catch (err) {
      throw fromYauzlError(err);
    }
    const sink = createWriteStream(destination, { flags: 'wx', mode: item.mode });
    let sourceFailed: unknown;
    source.once('error', (err: unknown) => {
      sourceFailed ??= err;
    });
    try {
      await pipeline(source, limiter.stream(), sink);
    } catch (err) {
      if (err instanceof AwsError) throw err;
      if (sourceFailed !== undefined) throw fromYauzlError(sourceFailed);
      throw conflictOr(err, item.name);
    }
    await fs.chmod(destination, item.mode);
  }
}
