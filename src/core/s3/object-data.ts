import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface WrittenData {
  dataId: string;
  size: number;
  md5: Buffer;
}

/** An inclusive byte range of an object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Object bytes on disk: `<root>/<bucket>/<data id>`, one file per object or part, never changed once written.
 * A write goes to a temporary file, is fsynced and renamed, so a crash leaves either the whole file or none.
 */
export class ObjectData {
  constructor(private readonly root: string) {}

  /** Streams `sources` one after another into a new file, hashing as it goes. */
  async write(bucket: string, sources: Array<Readable | (() => Readable)>): Promise<WrittenData> {
    const dir = path.join(this.root, bucket);
    await mkdir(dir, { recursive: true });
    const dataId = randomUUID();
    const temporary = path.join(dir, `${dataId}.part`);
    const hash = createHash('md5');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    try {
      const joined = new PassThrough();
      const feeding = (async () => {
        for (const source of sources) await pipeline(typeof source === 'function' ? source() : source, joined, { end: false });
        joined.end();
      })();
      // `flush`: the file is fsynced before it is closed.
      await Promise.all([feeding, pipeline(joined, counter, createWriteStream(temporary, { flush: true }))]);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await rename(temporary, path.join(dir, dataId));
    await syncDirectory(dir);
    return { dataId, size, md5: hash.digest() };
  }

  read(bucket: string, dataId: string, range?: ByteRange): Readable {
    return createReadStream(path.join(this.root, bucket, dataId), range === undefined ? {} : { start: range.start, end: range.end });
  }

  /** Removes files no record names any more; a file already gone is fine. */
  async remove(bucket: string, dataIds: string[]): Promise<void> {
    await Promise.all(dataIds.map((dataId) => rm(path.join(this.root, bucket, dataId), { force: true })));
  }

  /** The buckets that have a folder here. */
  async bucketFolders(): Promise<string[]> {
    return readdir(this.root).catch(() => []);
  }

  /** Removes the bucket's files that are not in `keep` (a crash's leftovers: unrenamed temporaries, unrecorded files). */
  async removeAllBut(bucket: string, keep: Set<string>): Promise<void> {
    const files = await readdir(path.join(this.root, bucket)).catch(() => [] as string[]);
    await this.remove(bucket, files.filter((file) => !keep.has(file)));
  }

  /** Removes a deleted bucket's folder. */
  async removeBucket(bucket: string): Promise<void> {
    await rm(path.join(this.root, bucket), { recursive: true, force: true });
  }
}

/** Makes a rename durable: the directory entry itself is flushed. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
