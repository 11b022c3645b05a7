import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { checkInvoke, type InvokeCaller, type PolicyCheck } from '../../../../src/core/functions/function-policy-check.js';
import type { PolicyStatement } from '../../../../src/core/policy/policy-document.js';

const FN = { name: 'fn', arn: 'arn:aws:lambda:us-east-1:000000000000:function:fn' };
const RULE = 'arn:aws:events:us-east-1:000000000000:rule/r';
const OTHER_RULE = 'arn:aws:events:us-east-1:000000000000:rule/other';
const EVENTS: InvokeCaller = { principal: 'events.amazonaws.com', sourceArn: RULE, sourceAccount: '000000000000' };
const REFUSAL = `The resource-based policy of function fn does not allow events.amazonaws.com to invoke it from ${RULE}`;

const statement = (sid: string, overrides: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: { Service: 'events.amazonaws.com' },
  Action: 'lambda:InvokeFunction',
  Resource: FN.arn,
  ...overrides,
});

const cases: { name: string; statements: PolicyStatement[] | undefined; caller?: InvokeCaller; expected: PolicyCheck }[] = [
  {
    name: 'no policy at all',
    statements: undefined,
    expected: { decision: 'Deny', statement: null, reason: `Function fn has no resource-based policy, so nothing allows events.amazonaws.com to invoke it from ${RULE}` },
  },
  {
    name: 'a statement for the rule allows',
    statements: [statement('events-rule', { Condition: { ArnLike: { 'AWS:SourceArn': RULE } } })],
    expected: { decision: 'Allow', statement: 'events-rule', reason: `Statement 'events-rule' of the resource-based policy of function fn allows events.amazonaws.com to invoke it from ${RULE}` },
  },
  {
    name: 'wildcards in SourceArn match (ArnLike)',
    statements: [statement('all-rules', { Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:events:us-east-1:000000000000:rule/*' } } })],
    expected: { decision: 'Allow', statement: 'all-rules', reason: `Statement 'all-rules' of the resource-based policy of function fn allows events.amazonaws.com to invoke it from ${RULE}` },
  },
  {
    name: 'another principal only',
    statements: [statement('s3', { Principal: { Service: 's3.amazonaws.com' } })],
    expected: { decision: 'Deny', statement: null, reason: `${REFUSAL}: no statement names events.amazonaws.com` },
  },
  {
    name: 'SourceArn of another rule',
    statements: [statement('s3', { Principal: { Service: 's3.amazonaws.com' } }), statement('events-rule', { Condition: { ArnLike: { 'AWS:SourceArn': OTHER_RULE } } })],
    expected: { decision: 'Deny', statement: 'events-rule', reason: `${REFUSAL}: statement 'events-rule' requires AWS:SourceArn like ${OTHER_RULE}` },
  },
  {
    name: 'SourceAccount of another account',
    statements: [statement('acct', { Condition: { StringEquals: { 'AWS:SourceAccount': '111111111111' }, ArnLike: { 'AWS:SourceArn': RULE } } })],
    expected: { decision: 'Deny', statement: 'acct', reason: `${REFUSAL}: statement 'acct' requires AWS:SourceAccount equal to 111111111111` },
  },
  {
    name: 'another action',
    statements: [statement('get', { Action: 'lambda:GetFunction' })],
    expected: { decision: 'Deny', statement: 'get', reason: `${REFUSAL}: statement 'get' allows lambda:GetFunction, not lambda:InvokeFunction` },
  },
  {
    name: 'lambda:* covers InvokeFunction',
    statements: [statement('all', { Action: 'lambda:*' })],
    expected: { decision: 'Allow', statement: 'all', reason: `Statement 'all' of the resource-based policy of function fn allows events.amazonaws.com to invoke it from ${RULE}` },
  },
  {
    name: 'another function as Resource',
    statements: [statement('elsewhere', { Resource: `${FN.arn}-2` })],
    expected: { decision: 'Deny', statement: 'elsewhere', reason: `${REFUSAL}: statement 'elsewhere' applies to ${FN.arn}-2, not ${FN.arn}` },
  },
  {
    name: 'an explicit Deny beats the Allow',
    statements: [statement('allow'), statement('deny', { Effect: 'Deny' })],
    expected: { decision: 'Deny', statement: 'deny', reason: `${REFUSAL}: statement 'deny' denies it` },
  },
  {
    name: 'without a SourceArn the caller cannot satisfy a SourceArn condition',
    statements: [statement('events-rule', { Condition: { ArnLike: { 'AWS:SourceArn': RULE } } })],
    caller: { principal: 'events.amazonaws.com', sourceArn: undefined, sourceAccount: undefined },
    expected: { decision: 'Deny', statement: 'events-rule', reason: `The resource-based policy of function fn does not allow events.amazonaws.com to invoke it: statement 'events-rule' requires AWS:SourceArn like ${RULE}` },
  },
];

describe('checkInvoke', () => {
  for (const { name, statements, caller, expected } of cases) {
    test(name, () => assert.deepEqual(checkInvoke(FN, statements, caller ?? EVENTS), expected));
  }
});
