import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { awsJson, snsQuery } from './api.js';
import { usePoll } from './use-poll.js';
import { ErrorLine, Loading, Section } from './ui.js';

interface Queue {
  url: string;
  attributes: Record<string, string>;
}

interface Subscription {
  topicArn: string;
  protocol: string;
  endpoint: string;
}

interface Rule {
  Name: string;
  EventBusName?: string;
  State?: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  targets: { Id: string; Arn: string }[];
}

interface Resources {
  queues: Queue[];
  topics: string[];
  subscriptions: Subscription[];
  buses: string[];
  rules: Rule[];
}

const QUEUE_ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed', 'QueueArn'];

async function loadQueues(): Promise<Queue[]> {
  const { QueueUrls = [] } = await awsJson<{ QueueUrls?: string[] }>('sqs', 'ListQueues', { MaxResults: 1000 });
  return Promise.all(
    QueueUrls.map(async (url) => ({
      url,
      attributes: (await awsJson<{ Attributes?: Record<string, string> }>('sqs', 'GetQueueAttributes', { QueueUrl: url, AttributeNames: QUEUE_ATTRIBUTES })).Attributes ?? {},
    })),
  );
}

/** Every page of an SNS list, each `member` element read by `read`. */
async function snsList<T>(action: string, read: (member: Element) => T): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const xml = await snsQuery(action, token === undefined ? {} : { NextToken: token });
    items.push(...[...xml.querySelectorAll('member')].map(read));
    token = xml.querySelector('NextToken')?.textContent ?? undefined;
  } while (token !== undefined && token !== '');
  return items;
}

const child = (element: Element, name: string): string => element.querySelector(name)?.textContent ?? '';

async function loadRules(buses: string[]): Promise<Rule[]> {
  const perBus = await Promise.all(
    buses.map(async (bus) => (await awsJson<{ Rules?: Omit<Rule, 'targets'>[] }>('events', 'ListRules', { EventBusName: bus, Limit: 100 })).Rules ?? []),
  );
  return Promise.all(
    perBus.flat().map(async (rule) => ({
      ...rule,
      targets: (await awsJson<{ Targets?: Rule['targets'] }>('events', 'ListTargetsByRule', { Rule: rule.Name, EventBusName: rule.EventBusName })).Targets ?? [],
    })),
  );
}

async function loadResources(): Promise<Resources> {
  const busList = await awsJson<{ EventBuses?: { Name: string }[] }>('events', 'ListEventBuses', {});
  const buses = (busList.EventBuses ?? []).map((bus) => bus.Name);
  const [queues, topics, subscriptions, rules] = await Promise.all([
    loadQueues(),
    snsList('ListTopics', (member) => child(member, 'TopicArn')),
    snsList('ListSubscriptions', (member) => ({ topicArn: child(member, 'TopicArn'), protocol: child(member, 'Protocol'), endpoint: child(member, 'Endpoint') })),
    loadRules(buses),
  ]);
  return { queues, topics, subscriptions, buses, rules };
}

const None = ({ what }: { what: string }): VNode => html`<p class="muted">No ${what}.</p>`;

function RulesTable({ rules, schedules }: { rules: Rule[]; schedules: boolean }): VNode {
  return html`
    <table>
      <thead><tr><th>Rule</th><th>Bus</th><th>State</th><th>${schedules ? 'Schedule' : 'Event pattern'}</th><th>Targets</th></tr></thead>
      <tbody>
        ${rules.map(
          (rule) => html`
            <tr>
              <td>${rule.Name}</td><td>${rule.EventBusName ?? 'default'}</td><td>${rule.State ?? '—'}</td>
              <td><code>${schedules ? rule.ScheduleExpression : rule.EventPattern}</code></td>
              <td>${rule.targets.map((target) => html`<div><code>${target.Arn}</code></div>`)}</td>
            </tr>
          `,
        )}
      </tbody>
    </table>
  `;
}

/** Queues, topics, buses, rules and schedules, as the SQS, SNS and EventBridge APIs list them. */
export function ResourcesView(): VNode {
  const { data, error } = usePoll(loadResources, 'resources', 3000);
  if (data === undefined) return html`<${ErrorLine} error=${error} />${error === undefined ? html`<${Loading} />` : null}`;
  const schedules = data.rules.filter((rule) => rule.ScheduleExpression !== undefined);
  const patterns = data.rules.filter((rule) => rule.ScheduleExpression === undefined);
  return html`
    <${ErrorLine} error=${error} />
    <${Section} title="Queues">
      ${data.queues.length === 0
        ? html`<${None} what="queues" />`
        : html`
            <table>
              <thead><tr><th>Queue</th><th class="num">Visible</th><th class="num">In flight</th><th class="num">Delayed</th></tr></thead>
              <tbody>
                ${data.queues.map(
                  (queue) => html`
                    <tr data-queue=${queue.url}>
                      <td><code title=${queue.attributes.QueueArn}>${queue.url}</code></td>
                      <td class="num">${queue.attributes.ApproximateNumberOfMessages}</td>
                      <td class="num">${queue.attributes.ApproximateNumberOfMessagesNotVisible}</td>
                      <td class="num">${queue.attributes.ApproximateNumberOfMessagesDelayed}</td>
                    </tr>
                  `,
                )}
              </tbody>
            </table>
          `}
    <//>
    <${Section} title="Topics">
      ${data.topics.length === 0
        ? html`<${None} what="topics" />`
        : html`
            <table>
              <thead><tr><th>Topic</th><th>Subscriptions</th></tr></thead>
              <tbody>
                ${data.topics.map(
                  (topic) => html`
                    <tr>
                      <td><code>${topic}</code></td>
                      <td>${data.subscriptions.filter((s) => s.topicArn === topic).map((s) => html`<div>${s.protocol} <code>${s.endpoint}</code></div>`)}</td>
                    </tr>
                  `,
                )}
              </tbody>
            </table>
          `}
    <//>
    <${Section} title="Event buses">
      <ul>${data.buses.map((bus) => html`<li>${bus}</li>`)}</ul>
    <//>
    <${Section} title="Rules">${patterns.length === 0 ? html`<${None} what="rules" />` : html`<${RulesTable} rules=${patterns} schedules=${false} />`}<//>
    <${Section} title="Schedules">${schedules.length === 0 ? html`<${None} what="schedules" />` : html`<${RulesTable} rules=${schedules} schedules=${true} />`}<//>
  `;
}
