import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { eventide, messageOf } from './api.js';
import type { EventTimeline, TimelineEntry } from './contract.js';
import { duration, prettyJson } from './format.js';
import { LogTail } from './log-tail.js';
import { redrive, redriveSummary } from './redrive.js';
import { usePoll } from './use-poll.js';
import { Badge, ErrorLine, href, Loading, Section, Time } from './ui.js';

const DESTINATIONS: Record<string, string> = { 'dead-letter': 'Dead-letter queue', 'on-success': 'On-success destination', 'on-failure': 'On-failure destination' };

function AttemptLog({ name, entry }: { name: string; entry: Extract<TimelineEntry, { kind: 'attempt' }> }): VNode | null {
  const [open, setOpen] = useState(false);
  if (entry.logStream === undefined) return null;
  return html`
    <div>
      log stream <code>${entry.logStream}</code>
      <button class="small" onClick=${() => setOpen(!open)}>${open ? 'Hide log' : 'Show log'}</button>
      ${open ? html`<${LogTail} name=${name} stream=${entry.logStream} since=${Date.parse(entry.at) - 1000} />` : null}
    </div>
  `;
}

/** What one entry of the timeline says, in words. */
function EntryBody({ name, entry }: { name: string; entry: TimelineEntry }): VNode {
  switch (entry.kind) {
    case 'accepted':
      return html`<strong>Accepted</strong>`;
    case 'attempt':
      return html`
        <strong>Attempt ${entry.attempt}</strong> <${Badge} value=${entry.outcome} />
        ${entry.errorType === undefined ? null : html` <code>${entry.errorType}</code>`}
        ${' '}· ${duration(entry.durationMs)}, ended <${Time} at=${entry.endedAt} />
        ${entry.fault === undefined ? null : html` <span class="badge badge-fault">injected ${entry.fault}</span>`}
        <${AttemptLog} name=${name} entry=${entry} />
      `;
    case 'retry-scheduled':
      return html`<strong>Retry scheduled</strong>, due <${Time} at=${entry.dueAt} />`;
    case 'finished':
      return html`<strong>Finished</strong> <${Badge} value=${entry.state} /> ${entry.condition}`;
    case 'delivery':
      return html`
        <strong>${DESTINATIONS[entry.destination] ?? entry.destination}</strong> <${Badge} value=${entry.result} />
        <code>${entry.target}</code>${entry.reason === undefined ? null : html` — ${entry.reason}`}
      `;
    case 'redrive':
      return html`<strong>Redriven</strong> from ${entry.from === 'dead-letter-queue' ? 'the dead-letter queue' : 'failed events'}`;
  }
}

/** One event's history (`GET /_eventide/events/ID`): every attempt, retry, delivery and redrive, in time order. */
export function TimelineView({ requestId }: { requestId: string }): VNode {
  const waiting = (event: EventTimeline | undefined): boolean => event === undefined || !['succeeded', 'failed'].includes(event.state);
  const { data, error, reload } = usePoll(() => eventide<EventTimeline>(`events/${encodeURIComponent(requestId)}`), requestId, 1000);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  if (data === undefined) return html`<h1>Event <code>${requestId}</code></h1><${ErrorLine} error=${error} />${error === undefined ? html`<${Loading} />` : null}`;

  const redriveThis = async (): Promise<void> => {
    try {
      setNotice(redriveSummary(await redrive(data.functionName, { requestIds: [data.requestId] })));
      reload();
    } catch (failure) {
      setNotice(messageOf(failure));
    }
  };
  return html`
    <h1>Event <code>${data.requestId}</code></h1>
    <p class="summary">
      <a href=${href('functions', data.functionName)}>${data.functionName}</a>${data.qualifier === '$LATEST' ? '' : `:${data.qualifier}`}
      · <${Badge} value=${data.state} /> ${data.condition ?? ''} · ${data.approximateInvokeCount} invocation${data.approximateInvokeCount === 1 ? '' : 's'}
      ${data.nextAttemptAt === undefined ? null : html` · next attempt <${Time} at=${data.nextAttemptAt} />`}
      ${data.state === 'failed' ? html` <button class="primary" onClick=${() => void redriveThis()}>Redrive</button>` : null}
    </p>
    ${notice === undefined ? null : html`<p class="notice" role="status">${notice}</p>`}
    <${ErrorLine} error=${error} />
    <${Section} title="Timeline">
      <ol class="timeline">
        ${data.timeline.map(
          (entry) => html`<li class=${`entry entry-${entry.kind}`} data-kind=${entry.kind}><${Time} at=${entry.at} /><div><${EntryBody} name=${data.functionName} entry=${entry} /></div></li>`,
        )}
      </ol>
      ${waiting(data) ? html`<p class="muted">Updating live while the event is not finished.</p>` : null}
    <//>
    <div class="columns">
      <${Section} title="Payload"><pre>${prettyJson(data.payload)}</pre><//>
      ${data.response === undefined ? null : html`<${Section} title="Last response"><pre>${prettyJson(data.response)}</pre><//>`}
    </div>
  `;
}
