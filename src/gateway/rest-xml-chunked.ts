import { Transform, type TransformCallback } from 'node:stream';
import { serviceError } from '../lib/errors.js';

/**
 * Strips `aws-chunked` framing (SigV4 streaming uploads: `<hex size>[;chunk-signature=…]\r\n<data>\r\n`, ending with
 * a zero-size chunk and optional trailing checksums), leaving the payload. Signatures and trailers are not checked.
 */
export class AwsChunkedDecoder extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current chunk's data still to pass on; -1 while a chunk header is awaited. */
  private remaining = -1;
  private finished = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.finished) return callback();
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    try {
      this.drain();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.finished ? undefined : serviceError('IncompleteBody', 400, 'The request body terminated unexpectedly'));
  }

  private drain(): void {
    while (!this.finished) {
      if (this.remaining === -1) {
        const end = this.pending.indexOf('\r\n');
        if (end === -1) return;
        const header = this.pending.subarray(0, end).toString('latin1');
        const size = Number.parseInt(header.split(';')[0] ?? '', 16);
        if (!Number.isInteger(size) || size < 0) throw serviceError('InvalidChunkSizeError', 400, 'Only the last chunk is allowed to have a size less than 8192 bytes');
        this.pending = this.pending.subarray(end + 2);
        if (size === 0) {
          // Trailers (x-amz-checksum-*) follow the last chunk: nothing of the payload.
          this.finished = true;
          return;
        }
        this.remaining = size;
      }
      if (this.remaining > 0) {
        if (this.pending.length === 0) return;
        const take = Math.min(this.remaining, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.remaining -= take;
      }
      if (this.remaining === 0) {
        if (this.pending.length < 2) return;
        this.pending = this.pending.subarray(2);
        this.remaining = -1;
      }
    }
  }
}
