import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { eventide, messageOf } from './api.js';
import type { FaultSettings } from './contract.js';
import { usePoll } from './use-poll.js';
import { ErrorLine, Section } from './ui.js';

interface Draft {
  duplicateDelivery: string;
  throttleOnAttempts: string;
  systemErrorOnAttempts: string;
  addedLatencyMs: string;
}

const draftOf = (settings: FaultSettings): Draft => ({
  duplicateDelivery: settings.duplicateDelivery?.toString() ?? '',
  throttleOnAttempts: settings.throttleOnAttempts?.join(', ') ?? '',
  systemErrorOnAttempts: settings.systemErrorOnAttempts?.join(', ') ?? '',
  addedLatencyMs: settings.addedLatencyMs?.toString() ?? '',
});

const attempts = (text: string): number[] | undefined => (text.trim() === '' ? undefined : text.split(',').map((part) => Number(part.trim())));
const number = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** The settings a draft asks for; Eventide checks them and answers a bad value with its reason. */
function settingsOf(draft: Draft): FaultSettings {
  const settings: FaultSettings = {
    duplicateDelivery: number(draft.duplicateDelivery),
    throttleOnAttempts: attempts(draft.throttleOnAttempts),
    systemErrorOnAttempts: attempts(draft.systemErrorOnAttempts),
    addedLatencyMs: number(draft.addedLatencyMs),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

const FIELDS: { key: keyof Draft; label: string; hint: string }[] = [
  { key: 'duplicateDelivery', label: 'Duplicate delivery', hint: 'fraction of events run twice, 0 to 1' },
  { key: 'throttleOnAttempts', label: 'Throttle on attempts', hint: 'e.g. 1, 2' },
  { key: 'systemErrorOnAttempts', label: 'System error on attempts', hint: 'e.g. 2' },
  { key: 'addedLatencyMs', label: 'Added latency (ms)', hint: 'before each attempt' },
];

/** The function's fault injection switches (`/_eventide/functions/NAME/faults`): what Lambda may do, on demand. */
export function FaultsPanel({ name }: { name: string }): VNode {
  const path = `functions/${encodeURIComponent(name)}/faults`;
  const { data, error, reload } = usePoll(() => eventide<FaultSettings>(path), `faults:${name}`, 0);
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const shown = draft ?? draftOf(data ?? {});
  const active = data !== undefined && Object.keys(data).length > 0;

  const change = async (method: 'PUT' | 'DELETE'): Promise<void> => {
    try {
      await eventide<FaultSettings>(path, method, method === 'PUT' ? settingsOf(shown) : undefined);
      setDraft(undefined);
      setProblem(undefined);
      reload();
    } catch (failure) {
      setProblem(messageOf(failure));
    }
  };

  return html`
    <${Section} title=${`Fault injection ${active ? '(on)' : '(off)'}`}>
      <${ErrorLine} error=${error ?? problem} />
      <form class="faults" onSubmit=${(event: Event) => (event.preventDefault(), void change('PUT'))}>
        ${FIELDS.map(
          ({ key, label, hint }) => html`
            <label>
              ${label}
              <input name=${key} value=${shown[key]} placeholder=${hint}
                onInput=${(event: Event) => setDraft({ ...shown, [key]: (event.target as HTMLInputElement).value })} />
            </label>
          `,
        )}
        <div class="actions">
          <button type="submit">Save faults</button>
          <button type="button" onClick=${() => void change('DELETE')} disabled=${!active}>Turn all off</button>
        </div>
      </form>
    <//>
  `;
}
