/** Lambda's platform log lines, in the text format AWS writes them (each ends with a newline). */

export const startLine = (requestId: string, version: string): string => `START RequestId: ${requestId} Version: ${version}\n`;

export const endLine = (requestId: string): string => `END RequestId: ${requestId}\n`;

export interface ReportFigures {
  durationMs: number;
  memorySize: number;
  maxMemoryUsedMb: number;
  initDurationMs: number | undefined;
}

export const reportLine = (requestId: string, figures: ReportFigures): string =>
  `REPORT RequestId: ${requestId}\tDuration: ${figures.durationMs.toFixed(2)} ms\t` +
  `Billed Duration: ${Math.max(1, Math.ceil(figures.durationMs))} ms\tMemory Size: ${figures.memorySize} MB\t` +
  `Max Memory Used: ${figures.maxMemoryUsedMb} MB\t` +
  (figures.initDurationMs === undefined ? '' : `Init Duration: ${figures.initDurationMs.toFixed(2)} ms\t`) +
  '\n';

/** Seconds as AWS prints a configured timeout: `3.00`. */
export const timeoutSeconds = (seconds: number): string => seconds.toFixed(2);

/**
 * Splits a child's output stream into lines. A line is emitted when its newline arrives; what is left when the
 * stream ends is flushed as a last line.
 */
export class LineSplitter {
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    let text = this.partial + chunk;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      this.onLine(text.slice(0, newline + 1));
      text = text.slice(newline + 1);
      newline = text.indexOf('\n');
    }
    this.partial = text;
  }

  flush(): void {
    if (this.partial !== '') this.onLine(`${this.partial}\n`);
    this.partial = '';
  }
}

/**
 * Reads framed log records (4-byte big-endian length, then the UTF-8 record) from a stream of chunks, as the
 * Node.js runtime writes them to its log pipe.
 */
export class RecordReader {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onRecord: (record: string) => void) {}

  push(chunk: Buffer): void {
    let buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (buffer.length >= 4) {
      const length = buffer.readUInt32BE(0);
      if (buffer.length < 4 + length) break;
      this.onRecord(buffer.toString('utf8', 4, 4 + length));
      buffer = buffer.subarray(4 + length);
    }
    this.pending = buffer;
  }
}
