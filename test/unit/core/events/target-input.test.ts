import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventEnvelope } from '../../../../src/core/events/event-envelope.js';
import { compileTargetInput, validateTargetInput } from '../../../../src/core/events/target-input.js';
import type { TargetRecord } from '../../../../src/store/events.js';

const EVENT: EventEnvelope = {
  version: '0',
  id: 'e-1',
  'detail-type': 'OrderPlaced',
  source: 'shop',
  account: '000000000000',
  time: '2026-01-02T03:04:05Z',
  region: 'us-east-1',
  resources: ['arn:r'],
  detail: { id: 'o-1', n: 3, ok: true, tags: ['a'], nested: { k: 'v' }, quote: 'say "hi"' },
};
const CONTEXT = { ruleArn: 'arn:aws:events:us-east-1:000000000000:rule/r', ruleName: 'r', ingestionTime: Date.parse('2026-01-02T03:04:06.789Z') };

const target = (overrides: Partial<TargetRecord>): TargetRecord => ({
  id: 't',
  arn: 'arn:aws:sqs:us-east-1:000000000000:q',
  roleArn: undefined,
  input: undefined,
  inputPath: undefined,
  inputTransformer: undefined,
  ...overrides,
});

const transform = (inputPathsMap: Record<string, string>, inputTemplate: string) => target({ inputTransformer: { inputPathsMap, inputTemplate } });

describe('compileTargetInput', () => {
  const cases: [string, TargetRecord, string][] = [
    ['no input: the whole event', target({}), JSON.stringify(EVENT)],
    ['Input: the constant', target({ input: '{"x": 1}' }), '{"x": 1}'],
    ['InputPath $.detail.nested', target({ inputPath: '$.detail.nested' }), '{"k":"v"}'],
    ['InputPath to a string', target({ inputPath: '$.detail.id' }), '"o-1"'],
    ['InputPath with an index', target({ inputPath: "$.resources[0]" }), '"arn:r"'],
    ['InputPath $', target({ inputPath: '$' }), JSON.stringify(EVENT)],
    ['bare string placeholder is quoted', transform({ id: '$.detail.id' }, '{"id": <id>}'), '{"id": "o-1"}'],
    ['string inside quotes goes in bare', transform({ id: '$.detail.id' }, '{"text": "order <id>!"}'), '{"text": "order o-1!"}'],
    ['inside quotes a quote is escaped', transform({ q: '$.detail.quote' }, '{"text": "<q>"}'), '{"text": "say \\"hi\\""}'],
    ['numbers, booleans, arrays, objects as JSON', transform({ n: '$.detail.n', ok: '$.detail.ok', t: '$.detail.tags', o: '$.detail.nested' }, '[<n>, <ok>, <t>, <o>]'), '[3, true, ["a"], {"k":"v"}]'],
    ['a missing path is null, or nothing inside quotes', transform({ m: '$.detail.missing' }, '{"a": <m>, "b": "x<m>y"}'), '{"a": null, "b": "xy"}'],
    ['a plain-text template takes strings as they are', transform({ id: '$.detail.id', n: '$.detail.n' }, 'order <id> has <n> items'), 'order o-1 has 3 items'],
    ['a string template', transform({ id: '$.detail.id' }, '"order <id>"'), '"order o-1"'],
    ['rule name and ARN', transform({}, '<aws.events.rule-name> <aws.events.rule-arn>'), `r ${CONTEXT.ruleArn}`],
    ['ingestion time in whole seconds', transform({}, '{"at": <aws.events.event.ingestion-time>}'), '{"at": "2026-01-02T03:04:06Z"}'],
    ['the event without its detail', transform({}, '{"e": <aws.events.event>}'), `{"e": ${JSON.stringify({ ...EVENT, detail: undefined })}}`],
    ['the whole event as JSON', transform({}, '{"e": <aws.events.event.json>}'), `{"e": ${JSON.stringify(EVENT)}}`],
    ['angle brackets that are no placeholder stay', transform({}, 'a < b and c > d'), 'a < b and c > d'],
  ];
  for (const [name, given, expected] of cases) {
    test(name, () => {
      validateTargetInput(given);
      assert.equal(compileTargetInput(given)(EVENT, CONTEXT), expected);
    });
  }
});

describe('validateTargetInput', () => {
  const cases: [string, TargetRecord, string][] = [
    ['two input forms', target({ input: '{}', inputPath: '$' }), 'Only one of Input, InputPath, or InputTransformer must be provided for target t.'],
    ['Input that is not JSON', target({ input: '{oops' }), 'Parameter Input for target t is not valid. Reason: Input must be a valid JSON text.'],
    ['InputPath that is no path', target({ inputPath: 'detail' }), 'Parameter InputPath for target t is not valid. Reason: InputPath must be a valid JSON path.'],
    ['an undeclared placeholder', transform({}, '<nope>'), 'InputTemplate for target t contains invalid placeholder nope.'],
    ['a bad path in InputPathsMap', transform({ a: 'detail' }, '<a>'), 'InputPathsMap for target t contains invalid JSON path detail.'],
    ['the whole event outside a JSON object', transform({}, '[<aws.events.event.json>]'), 'InputTemplate for target t contains placeholder aws.events.event.json valid only for JSON template.'],
    ['the whole event inside a string', transform({}, '{"e": "<aws.events.event.json>"}'), 'InputTemplate for target t contains placeholder aws.events.event.json valid only for JSON template.'],
  ];
  for (const [name, given, message] of cases) {
    test(name, () => {
      assert.throws(() => validateTargetInput(given), (error: Error & { code?: string }) => error.code === 'ValidationException' && error.message === message);
    });
  }
});
