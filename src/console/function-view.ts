import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { ApiError, eventide, lambda, lambdaOptional } from './api.js';
import type { Status } from './contract.js';
import { EventsPanel } from './events-panel.js';
import { FaultsPanel } from './faults-panel.js';
import { prettyJson } from './format.js';
import { LogTail } from './log-tail.js';
import { usePoll } from './use-poll.js';
import { ErrorLine, Loading, Section, Time } from './ui.js';

export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime?: string;
  Handler?: string;
  Role: string;
  MemorySize: number;
  Timeout: number;
  LastModified: string;
  State?: string;
  Environment?: { Variables?: Record<string, string> };
  DeadLetterConfig?: { TargetArn?: string };
}

interface EventInvokeConfig {
  MaximumRetryAttempts?: number;
  MaximumEventAgeInSeconds?: number;
  LastModified?: number | string;
  DestinationConfig?: { OnSuccess?: { Destination?: string }; OnFailure?: { Destination?: string } };
}

interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action?: string | string[];
  Condition?: unknown;
}

interface FunctionDetails {
  configuration: FunctionConfiguration;
  invokeConfig: EventInvokeConfig | undefined;
  statements: PolicyStatement[];
  environments: number | undefined;
}

async function loadDetails(name: string): Promise<FunctionDetails> {
  const fn = encodeURIComponent(name);
  const [configuration, invokeConfig, policy, status] = await Promise.all([
    lambda<FunctionConfiguration>(`2015-03-31/functions/${fn}/configuration`),
    lambdaOptional<EventInvokeConfig>(`2019-09-25/functions/${fn}/event-invoke-config`),
    lambdaOptional<{ Policy: string }>(`2015-03-31/functions/${fn}/policy`),
    eventide<Status>('status').catch((error: unknown) => (error instanceof ApiError && error.status === 404 ? undefined : Promise.reject(error))),
  ]);
  const statements = policy === undefined ? [] : ((JSON.parse(policy.Policy) as { Statement?: PolicyStatement[] }).Statement ?? []);
  return { configuration, invokeConfig, statements, environments: status?.functions.find((f) => f.name === name)?.environments };
}

const Row = ({ label, children }: { label: string; children: unknown }): VNode => html`<tr><th>${label}</th><td>${children}</td></tr>`;

function Configuration({ details }: { details: FunctionDetails }): VNode {
  const c = details.configuration;
  const variables = Object.entries(c.Environment?.Variables ?? {});
  return html`
    <table class="properties">
      <${Row} label="ARN"><code>${c.FunctionArn}</code><//>
      <${Row} label="Runtime">${c.Runtime ?? '—'} · handler <code>${c.Handler ?? '—'}</code><//>
      <${Row} label="Memory, timeout">${c.MemorySize} MB · ${c.Timeout} s<//>
      <${Row} label="Role"><code>${c.Role}</code><//>
      <${Row} label="State">${c.State ?? '—'} · last modified <${Time} at=${c.LastModified} /><//>
      <${Row} label="Environments running">${details.environments ?? '—'}<//>
      <${Row} label="Variables">${variables.length === 0 ? '—' : variables.map(([key, value]) => html`<div><code>${key}=${value}</code></div>`)}<//>
    </table>
  `;
}

function AsyncConfiguration({ details }: { details: FunctionDetails }): VNode {
  const config = details.invokeConfig;
  const destinations = config?.DestinationConfig;
  return html`
    <table class="properties">
      <${Row} label="Maximum retry attempts">${config?.MaximumRetryAttempts ?? '2 (default)'}<//>
      <${Row} label="Maximum event age">${config?.MaximumEventAgeInSeconds === undefined ? '6 h (default)' : `${config.MaximumEventAgeInSeconds} s`}<//>
      <${Row} label="On success"><code>${destinations?.OnSuccess?.Destination ?? '—'}</code><//>
      <${Row} label="On failure"><code>${destinations?.OnFailure?.Destination ?? '—'}</code><//>
      <${Row} label="Dead-letter queue"><code>${details.configuration.DeadLetterConfig?.TargetArn ?? '—'}</code><//>
    </table>
  `;
}

const text = (value: unknown): string => (value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

function Policy({ statements }: { statements: PolicyStatement[] }): VNode {
  if (statements.length === 0) return html`<p class="muted">No resource-based policy: only the function's own account may invoke it.</p>`;
  return html`
    <table>
      <thead><tr><th>Sid</th><th>Effect</th><th>Principal</th><th>Action</th><th>Condition</th></tr></thead>
      <tbody>
        ${statements.map(
          (s) => html`<tr><td>${s.Sid ?? '—'}</td><td>${s.Effect}</td><td><code>${text(s.Principal)}</code></td><td><code>${text(s.Action)}</code></td><td><code>${text(s.Condition)}</code></td></tr>`,
        )}
      </tbody>
    </table>
  `;
}

export function FunctionView({ name }: { name: string }): VNode {
  const { data, error } = usePoll(() => loadDetails(name), `function:${name}`, 5000);
  return html`
    <h1>${name}</h1>
    <${ErrorLine} error=${error} />
    ${data === undefined
      ? html`<${Loading} />`
      : html`
          <div class="columns">
            <${Section} title="Configuration"><${Configuration} details=${data} /><//>
            <${Section} title="Asynchronous invocation"><${AsyncConfiguration} details=${data} /><//>
          </div>
          <${Section} title="Resource-based policy"><${Policy} statements=${data.statements} /><//>
          <${FaultsPanel} name=${name} />
          <${EventsPanel} name=${name} deadLetterArn=${data.configuration.DeadLetterConfig?.TargetArn} />
          <${LogTail} name=${name} />
          <details><summary>Configuration as Lambda returns it</summary><pre>${prettyJson(JSON.stringify(data.configuration))}</pre></details>
        `}
  `;
}
