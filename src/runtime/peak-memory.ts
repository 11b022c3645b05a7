import { execFile } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';

/** Least time between two `ps` readings of one process (off Linux). */
const PS_INTERVAL_MS = 1000;

/** Shared scratch space for reading `/proc/<pid>/status` (about 1.5 KB). */
const STATUS_BUFFER = Buffer.alloc(8192);

/**
 * The peak resident memory of an execution environment's process, in MB: REPORT's `Max Memory Used`, which on
 * Lambda is the environment's peak so far (not the invocation's share). On Linux the kernel keeps the peak
 * (`VmHWM` in /proc/<pid>/status), so one read, taken while the process is alive, is exact. Elsewhere `ps`
 * tells the resident size of the moment, and the largest one seen stands in for the peak.
 */
export class PeakMemory {
  private peakMb = 0;
  /** `/proc/<pid>/status`, kept open: it is read at least once per invocation. */
  private statusFd: number | undefined;
  /** The process is gone: its pid may already name another one. */
  private closed = false;
  /** When `ps` was last started (epoch ms), so a busy environment starts at most one a second, not two per invoke. */
  private psStartedAt = 0;

  constructor(private readonly pid: number) {}

  /** Takes a reading now; once the process is gone, the last figure stays. Returns the peak known so far. */
  sample(): number {
    if (this.closed) return this.peakMb;
    if (process.platform === 'linux') this.readStatus();
    else this.askPs();
    return this.peakMb;
  }

  /** Called once the process has exited; later samples return the last figure. */
  close(): void {
    this.closed = true;
    if (this.statusFd !== undefined) closeSync(this.statusFd);
    this.statusFd = undefined;
  }

  private readStatus(): void {
    try {
      this.statusFd ??= openSync(`/proc/${this.pid}/status`, 'r');
      const length = readSync(this.statusFd, STATUS_BUFFER, 0, STATUS_BUFFER.length, 0);
      const match = /VmHWM:\s+(\d+) kB/.exec(STATUS_BUFFER.toString('latin1', 0, length));
      if (match !== null) this.record(Number(match[1]));
    } catch {
      // the process has just gone
    }
  }

  /** Asynchronous, so the figure lands a moment later: REPORT shows the largest reading in by then. */
  private askPs(): void {
    if (Date.now() - this.psStartedAt < PS_INTERVAL_MS) return;
    this.psStartedAt = Date.now();
    execFile('ps', ['-o', 'rss=', '-p', String(this.pid)], (error, stdout) => {
      const kb = Number(stdout.trim());
      if (error === null && Number.isFinite(kb)) this.record(kb);
    });
  }

  private record(kb: number): void {
    this.peakMb = Math.max(this.peakMb, Math.ceil(kb / 1024));
  }
}
