/** A message attribute as SQS and SNS carry it: `String`, `Number` or `Binary`, optionally with a custom suffix (`Number.int`). */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Buffer;
}

export type MessageAttributes = Record<string, MessageAttributeValue>;
