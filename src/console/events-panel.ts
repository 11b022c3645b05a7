import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { eventide, messageOf } from './api.js';
import { LISTED_STATES, type EventPage, type ListedState } from './contract.js';
import { duration } from './format.js';
import { queueUrlOf, redrive, redriveSummary, type RedriveRequest } from './redrive.js';
import { usePoll } from './use-poll.js';
import { Badge, ErrorLine, href, Loading, Section, Time } from './ui.js';

const PAGE = 50;

/** A function's asynchronous events, newest first, filtered by state; redrive of its failed events. */
export function EventsPanel({ name, deadLetterArn }: { name: string; deadLetterArn: string | undefined }): VNode {
  const [state, setState] = useState<ListedState | undefined>(undefined);
  const [limit, setLimit] = useState(PAGE);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const query = `order=newest&limit=${limit}${state === undefined ? '' : `&state=${state}`}`;
  const { data, error, reload } = usePoll(() => eventide<EventPage>(`functions/${encodeURIComponent(name)}/events?${query}`), `${name}?${query}`);

  const act = async (request: () => Promise<RedriveRequest | undefined>): Promise<void> => {
    try {
      const body = await request();
      if (body === undefined) return;
      setNotice(redriveSummary(await redrive(name, body)));
      reload();
    } catch (failure) {
      setNotice(messageOf(failure));
    }
  };
  const dlqRedrive = async (): Promise<RedriveRequest | undefined> => {
    const url = deadLetterArn === undefined ? undefined : await queueUrlOf(deadLetterArn);
    if (url === undefined) setNotice('The dead-letter target is not an SQS queue.');
    return url === undefined ? undefined : { deadLetterQueueUrl: url };
  };

  return html`
    <${Section} title="Events">
      <div class="toolbar">
        <div class="filters" role="group" aria-label="State">
          ${[undefined, ...LISTED_STATES].map(
            (candidate) => html`<button class=${candidate === state ? 'active' : ''} onClick=${() => setState(candidate)}>${candidate ?? 'all'}</button>`,
          )}
        </div>
        <button onClick=${() => void act(async () => ({ state: 'failed' }))}>Redrive failed events</button>
        ${deadLetterArn?.startsWith('arn:aws:sqs:') ? html`<button onClick=${() => void act(dlqRedrive)}>Redrive from dead-letter queue</button>` : null}
      </div>
      ${notice === undefined ? null : html`<p class="notice" role="status">${notice}</p>`}
      <${ErrorLine} error=${error} />
      ${data === undefined
        ? html`<${Loading} />`
        : data.events.length === 0
          ? html`<p class="muted">No ${state ?? ''} events.</p>`
          : html`
              <table class="events">
                <thead><tr><th>Request id</th><th>State</th><th>Accepted</th><th class="num">Attempts</th><th>Last error</th><th>Next attempt</th><th>Last run</th></tr></thead>
                <tbody>
                  ${data.events.map((event) => {
                    const last = event.attemptLog.at(-1);
                    return html`
                      <tr data-request-id=${event.requestId}>
                        <td><a href=${href('events', event.requestId)}><code>${event.requestId}</code></a></td>
                        <td><${Badge} value=${event.state} /> ${event.condition ?? ''}</td>
                        <td><${Time} at=${event.enqueuedAt} /></td>
                        <td class="num">${event.approximateInvokeCount}</td>
                        <td>${event.lastErrorType ?? '—'}</td>
                        <td>${event.nextAttemptAt === undefined ? '—' : html`<${Time} at=${event.nextAttemptAt} />`}</td>
                        <td>${last === undefined ? '—' : html`<${Badge} value=${last.outcome} /> ${duration(Date.parse(last.endedAt) - Date.parse(last.startedAt))}`}</td>
                      </tr>
                    `;
                  })}
                </tbody>
              </table>
              ${data.next === undefined ? null : html`<button onClick=${() => setLimit(limit + PAGE)}>Show more</button>`}
            `}
    <//>
  `;
}
