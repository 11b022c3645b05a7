import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  conditionMatches,
  isSupportedConditionOperator,
  type RequestContext,
} from '../../../../src/core/policy/condition.js';
import type { Condition } from '../../../../src/core/policy/policy-document.js';

const SOURCE_ARN = 'arn:aws:s3:::my-bucket';
const context: RequestContext = {
  'aws:SourceArn': SOURCE_ARN,
  'aws:SourceAccount': '000000000000',
  'aws:SecureTransport': 'true',
  'sqs:MessageCount': '5',
  'aws:TagKeys': ['team', 'env'],
  'aws:Empty': [],
  'aws:Unset': undefined,
};

const rows: [string, Condition | undefined, boolean][] = [
  ['no Condition holds', undefined, true],
  ['StringEquals true', { StringEquals: { 'aws:SourceAccount': '000000000000' } }, true],
  ['StringEquals false', { StringEquals: { 'aws:SourceAccount': '111111111111' } }, false],
  ['StringEquals is case-sensitive on values', { StringEquals: { 'aws:SourceArn': 'ARN:AWS:S3:::MY-BUCKET' } }, false],
  ['condition keys are case-insensitive', { StringEquals: { 'AWS:SOURCEACCOUNT': '000000000000' } }, true],
  ['several values for one key are OR', { StringEquals: { 'aws:SourceAccount': ['111111111111', '000000000000'] } }, true],
  ['several keys in one operator are AND', { StringEquals: { 'aws:SourceAccount': '000000000000', 'aws:SecureTransport': 'false' } }, false],
  ['several operators are AND', { StringEquals: { 'aws:SourceAccount': '000000000000' }, Bool: { 'aws:SecureTransport': 'false' } }, false],
  ['several operators all true', { StringEquals: { 'aws:SourceAccount': '000000000000' }, Bool: { 'aws:SecureTransport': true } }, true],
  ['StringNotEquals true', { StringNotEquals: { 'aws:SourceAccount': '111111111111' } }, true],
  ['StringNotEquals false', { StringNotEquals: { 'aws:SourceAccount': '000000000000' } }, false],
  ['StringNotEquals with several values is NOR', { StringNotEquals: { 'aws:SourceAccount': ['111111111111', '000000000000'] } }, false],
  ['StringEqualsIgnoreCase true', { StringEqualsIgnoreCase: { 'aws:SourceArn': 'ARN:AWS:S3:::MY-BUCKET' } }, true],
  ['StringEqualsIgnoreCase false', { StringEqualsIgnoreCase: { 'aws:SourceArn': 'arn:aws:s3:::other' } }, false],
  ['StringNotEqualsIgnoreCase true', { StringNotEqualsIgnoreCase: { 'aws:SourceArn': 'arn:aws:s3:::other' } }, true],
  ['StringNotEqualsIgnoreCase false', { StringNotEqualsIgnoreCase: { 'aws:SourceArn': 'ARN:AWS:S3:::MY-BUCKET' } }, false],
  ['StringLike true', { StringLike: { 'aws:SourceArn': 'arn:aws:s3:::my-*' } }, true],
  ['StringLike false', { StringLike: { 'aws:SourceArn': 'arn:aws:s3:::your-*' } }, false],
  ['StringNotLike true', { StringNotLike: { 'aws:SourceArn': 'arn:aws:s3:::your-*' } }, true],
  ['StringNotLike false', { StringNotLike: { 'aws:SourceArn': 'arn:aws:s3:::my-?ucket' } }, false],
  ['ArnEquals true', { ArnEquals: { 'aws:SourceArn': SOURCE_ARN } }, true],
  ['ArnEquals false', { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::other' } }, false],
  ['ArnLike true', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::my-*' } }, true],
  ['ArnLike false', { ArnLike: { 'aws:SourceArn': 'arn:aws:sqs:*:*:*' } }, false],
  ['ArnNotEquals true', { ArnNotEquals: { 'aws:SourceArn': 'arn:aws:s3:::other' } }, true],
  ['ArnNotEquals false', { ArnNotEquals: { 'aws:SourceArn': SOURCE_ARN } }, false],
  ['ArnNotLike true', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:sqs:*:*:*' } }, true],
  ['ArnNotLike false', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:s3:::*' } }, false],
  ['NumericEquals true', { NumericEquals: { 'sqs:MessageCount': 5 } }, true],
  ['NumericEquals false', { NumericEquals: { 'sqs:MessageCount': '6' } }, false],
  ['NumericNotEquals true', { NumericNotEquals: { 'sqs:MessageCount': '6' } }, true],
  ['NumericNotEquals false', { NumericNotEquals: { 'sqs:MessageCount': '5.0' } }, false],
  ['NumericLessThan true', { NumericLessThan: { 'sqs:MessageCount': '6' } }, true],
  ['NumericLessThan false', { NumericLessThan: { 'sqs:MessageCount': '5' } }, false],
  ['NumericLessThanEquals true', { NumericLessThanEquals: { 'sqs:MessageCount': '5' } }, true],
  ['NumericLessThanEquals false', { NumericLessThanEquals: { 'sqs:MessageCount': '4' } }, false],
  ['NumericGreaterThan true', { NumericGreaterThan: { 'sqs:MessageCount': '4' } }, true],
  ['NumericGreaterThan false', { NumericGreaterThan: { 'sqs:MessageCount': '5' } }, false],
  ['NumericGreaterThanEquals true', { NumericGreaterThanEquals: { 'sqs:MessageCount': '5' } }, true],
  ['NumericGreaterThanEquals false', { NumericGreaterThanEquals: { 'sqs:MessageCount': '6' } }, false],
  ['a value that is not a number fails, even negated', { NumericNotEquals: { 'aws:SourceAccount': 'abc' } }, false],
  ['Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, true],
  ['Bool false', { Bool: { 'aws:SecureTransport': 'false' } }, false],
  ['missing key: a positive operator fails', { StringEquals: { 'aws:PrincipalTag/team': 'a' } }, false],
  ['missing key: a negated operator holds', { StringNotEquals: { 'aws:PrincipalTag/team': 'a' } }, true],
  ['missing key: ArnNotLike holds', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' } }, true],
  ['a key set to undefined is missing', { StringEquals: { 'aws:Unset': 'a' } }, false],
  ['an empty list is missing', { StringEquals: { 'aws:Empty': 'a' } }, false],
  ['IfExists without the key holds', { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'a' } }, true],
  ['IfExists with the key, matching', { StringEqualsIfExists: { 'aws:SourceAccount': '000000000000' } }, true],
  ['IfExists with the key, not matching', { StringEqualsIfExists: { 'aws:SourceAccount': '111111111111' } }, false],
  ['ArnLikeIfExists with the key, not matching', { ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:sqs:*:*:*' } }, false],
  ['NumericLessThanIfExists without the key holds', { NumericLessThanIfExists: { 'sqs:Other': '1' } }, true],
  ['BoolIfExists with the key, not matching', { BoolIfExists: { 'aws:SecureTransport': 'false' } }, false],
  ['Null true: the key is absent', { Null: { 'aws:PrincipalTag/team': 'true' } }, true],
  ['Null true: the key is present', { Null: { 'aws:SourceArn': 'true' } }, false],
  ['Null false: the key is present', { Null: { 'aws:SourceArn': false } }, true],
  ['Null false: the key is absent', { Null: { 'aws:PrincipalTag/team': 'false' } }, false],
  ['multi-valued key without qualifier: one value is enough', { StringEquals: { 'aws:TagKeys': 'env' } }, true],
  ['ForAnyValue: one request value matches', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env', 'cost'] } }, true],
  ['ForAnyValue: no request value matches', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['cost'] } }, false],
  ['ForAnyValue: missing key fails', { 'ForAnyValue:StringEquals': { 'aws:Absent': ['cost'] } }, false],
  ['ForAnyValue on a single-valued key', { 'ForAnyValue:StringLike': { 'aws:SourceAccount': '000*' } }, true],
  ['ForAllValues: every request value is allowed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env', 'cost'] } }, true],
  ['ForAllValues: one request value is not', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }, false],
  ['ForAllValues: missing key passes vacuously', { 'ForAllValues:StringEquals': { 'aws:Absent': ['team'] } }, true],
  ['ForAllValues with a negated operator', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['cost'] } }, true],
  ['ForAnyValue with IfExists, missing key', { 'ForAnyValue:StringEqualsIfExists': { 'aws:Absent': 'x' } }, true],
  ['an unknown operator never holds', { StringRoughlyEquals: { 'aws:SourceAccount': '000000000000' } }, false],
];

for (const [name, condition, expected] of rows) {
  test(name, () => assert.equal(conditionMatches(condition, context), expected));
}

const operatorRows: [string, boolean][] = [
  ['StringEquals', true],
  ['ForAllValues:StringLikeIfExists', true],
  ['Null', true],
  ['NullIfExists', false],
  ['DateLessThan', false],
  ['toString', false],
];

for (const [name, expected] of operatorRows) {
  test(`isSupportedConditionOperator(${name}) is ${expected}`, () =>
    assert.equal(isSupportedConditionOperator(name), expected));
}
