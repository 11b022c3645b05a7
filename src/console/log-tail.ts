import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, awsJson, messageOf } from './api.js';
import { ErrorLine, Section, Time } from './ui.js';

interface LogEvent {
  eventId: string;
  logStreamName: string;
  timestamp: number;
  message: string;
}

const POLL_MS = 1000;
/** How far back the tail starts, and how many lines it keeps. */
const SINCE_MS = 10 * 60_000;
const KEEP = 500;

/** New events of the log group since `startTime`, every page of them. */
async function fetchSince(logGroupName: string, stream: string | undefined, startTime: number, filterPattern: string): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsJson<{ events?: LogEvent[]; nextToken?: string }>('logs', 'FilterLogEvents', {
      logGroupName,
      startTime,
      ...(stream === undefined ? {} : { logStreamNames: [stream] }),
      ...(filterPattern === '' ? {} : { filterPattern }),
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/**
 * A live tail of the function's log group (`/aws/lambda/NAME`), or of one stream from `since`: FilterLogEvents,
 * polled once a second.
 */
export function LogTail({ name, stream, since: from }: { name: string; stream?: string; since?: number }): VNode {
  const [lines, setLines] = useState<LogEvent[]>([]);
  const [filter, setFilter] = useState('');
  const [paused, setPaused] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const box = useRef<HTMLPreElement>(null);
  const logGroupName = `/aws/lambda/${name}`;

  useEffect(() => {
    setLines([]);
    if (paused) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let since = from ?? Date.now() - SINCE_MS;
    const seen = new Set<string>();
    const poll = async (): Promise<void> => {
      try {
        // From the last timestamp seen, inclusive: lines stamped in the same millisecond are not lost; ids dedupe.
        const fresh = (await fetchSince(logGroupName, stream, since, filter)).filter((event) => !seen.has(event.eventId));
        fresh.forEach((event) => seen.add(event.eventId));
        if (live && fresh.length > 0) setLines((old) => [...old, ...fresh].slice(-KEEP));
        since = Math.max(since, ...fresh.map((event) => event.timestamp));
        if (live) setError(undefined);
      } catch (failure) {
        const missing = failure instanceof ApiError && failure.code === 'ResourceNotFoundException';
        if (live) setError(missing ? undefined : messageOf(failure));
      }
      if (live) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [logGroupName, filter, paused, stream, from]);

  useEffect(() => {
    const element = box.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [lines]);

  return html`
    <${Section} title=${stream === undefined ? 'Log tail' : `Log stream ${stream}`}>
      <div class="toolbar">
        <input class="filter" placeholder="Filter pattern (CloudWatch Logs syntax)" value=${filter}
          onChange=${(event: Event) => setFilter((event.target as HTMLInputElement).value)} />
        <button onClick=${() => setPaused(!paused)}>${paused ? 'Resume' : 'Pause'}</button>
      </div>
      <${ErrorLine} error=${error} />
      <pre class="log" ref=${box}>${lines.length === 0
        ? html`<span class="muted">No log lines in ${logGroupName} ${stream === undefined ? 'in the last 10 minutes' : `stream ${stream}`} yet.</span>`
        : lines.map((line) => html`<div><${Time} at=${new Date(line.timestamp).toISOString()} /> ${line.message.replace(/\n$/, '')}</div>`)}</pre>
    <//>
  `;
}
