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
