import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { ApiError, eventide, lambda } from './api.js';
import type { EventPage, FunctionStatus, Status } from './contract.js';
import { usePoll } from './use-poll.js';
import { Badge, ErrorLine, href, Loading, Section } from './ui.js';

interface LambdaFunction {
  FunctionName: string;
  Runtime?: string;
  Handler?: string;
  MemorySize?: number;
  Timeout?: number;
  LastModified?: string;
}

interface FunctionRow {
  fn: LambdaFunction;
  status: FunctionStatus | undefined;
  recent: EventPage['events'];
}

/** How many of a function's latest events the list shows as its recent outcomes. */
const RECENT = 8;

async function loadFunctions(): Promise<{ rows: FunctionRow[]; status: Status | undefined }> {
  const functions: LambdaFunction[] = [];
  let marker: string | undefined;
  do {
    const page = await lambda<{ Functions: LambdaFunction[]; NextMarker?: string }>(
      `2015-03-31/functions/${marker === undefined ? '' : `?Marker=${encodeURIComponent(marker)}`}`,
    );
    functions.push(...page.Functions);
    marker = page.NextMarker;
  } while (marker !== undefined);
  const status = await eventide<Status>('status').catch((error: unknown) => {
    // An Eventide without the status route still lists its functions.
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  });
  const rows = await Promise.all(
    functions.map(async (fn) => ({
      fn,
      status: status?.functions.find((candidate) => candidate.name === fn.FunctionName),
      recent: (await eventide<EventPage>(`functions/${encodeURIComponent(fn.FunctionName)}/events?order=newest&limit=${RECENT}`)).events,
    })),
  );
  return { rows, status };
}

const Count = ({ value, state }: { value: number | undefined; state: string }): VNode =>
  html`<td class=${`num ${value ? `count-${state}` : ''}`}>${value ?? '—'}</td>`;

export function FunctionsView(): VNode {
  const { data, error } = usePoll(loadFunctions, 'functions');
  return html`
    <${Section} title="Functions">
      <${ErrorLine} error=${error} />
      ${data === undefined
        ? html`<${Loading} />`
        : data.rows.length === 0
          ? html`<p class="muted">No functions yet: create one with <code>aws lambda create-function</code>.</p>`
          : html`
              <table class="functions">
                <thead>
                  <tr>
                    <th>Function</th><th>Runtime</th><th class="num">Queued</th><th class="num">Running</th>
                    <th class="num">Retrying</th><th class="num">Failed</th><th class="num">Environments</th><th>Recent outcomes</th>
                  </tr>
                </thead>
                <tbody>
                  ${data.rows.map(
                    ({ fn, status, recent }) => html`
                      <tr data-function=${fn.FunctionName}>
                        <td><a href=${href('functions', fn.FunctionName)}>${fn.FunctionName}</a></td>
                        <td>${fn.Runtime ?? '—'}</td>
                        <${Count} value=${status?.queued} state="queued" />
                        <${Count} value=${status?.running} state="running" />
                        <${Count} value=${status?.retrying} state="retrying" />
                        <${Count} value=${status?.failed} state="failed" />
                        <${Count} value=${status?.environments} state="environments" />
                        <td class="recent">
                          ${recent.map((event) => html`<a href=${href('events', event.requestId)} title=${event.requestId}><${Badge} value=${event.state} /></a>`)}
                        </td>
                      </tr>
                    `,
                  )}
                </tbody>
              </table>
            `}
      ${data?.status === undefined
        ? null
        : html`<p class="muted">Eventide ${data.status.version} · ${data.status.concurrency.running} of ${data.status.concurrency.limit} executions running · store ${data.status.store.kind} at ${data.status.store.dataDir}</p>`}
    <//>
  `;
}
