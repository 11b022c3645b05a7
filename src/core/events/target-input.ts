/**
 * What a target receives: the whole event, a constant `Input`, the part `InputPath` names, or an
 * `InputTransformer` template filled from the event. Targets are compiled once (paths parsed, the template cut
 * into pieces) when their rule is cached, so an event only walks paths and joins strings.
 */
import type { InputTransformerRecord, TargetRecord } from '../../store/events.js';
import type { EventEnvelope } from './event-envelope.js';
import { eventTime } from './event-envelope.js';
import { eventsValidation } from './events-errors.js';
import { parseJsonPath, readJsonPath, type JsonPathStep } from './json-path.js';

/** What an event's delivery knows beside the event: the rule it matched and when the event came in. */
export interface DeliveryContext {
  ruleArn: string;
  ruleName: string;
  /** Epoch milliseconds. */
  ingestionTime: number;
}

export type TargetInput = (event: EventEnvelope, context: DeliveryContext) => string;

const RULE_ARN = 'aws.events.rule-arn';
const RULE_NAME = 'aws.events.rule-name';
const INGESTION_TIME = 'aws.events.event.ingestion-time';
const EVENT = 'aws.events.event';
const EVENT_JSON = 'aws.events.event.json';
const RESERVED = new Set([RULE_ARN, RULE_NAME, INGESTION_TIME, EVENT, EVENT_JSON]);

const MAX_PATHS = 100;
const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;

/** Checks a target's input settings as PutTargets does; throws a ValidationException naming the problem. */
export function validateTargetInput(target: TargetRecord): void {
  const given = [target.input, target.inputPath, target.inputTransformer].filter((value) => value !== undefined).length;
  if (given > 1) throw eventsValidation(`Only one of Input, InputPath, or InputTransformer must be provided for target ${target.id}.`);
  if (target.input !== undefined && !isJson(target.input)) {
    throw eventsValidation(`Parameter Input for target ${target.id} is not valid. Reason: Input must be a valid JSON text.`);
  }
  if (target.inputPath !== undefined && parseJsonPath(target.inputPath) === undefined) {
    throw eventsValidation(`Parameter InputPath for target ${target.id} is not valid. Reason: InputPath must be a valid JSON path.`);
  }
  if (target.inputTransformer !== undefined) validateTransformer(target.id, target.inputTransformer);
}

function validateTransformer(targetId: string, transformer: InputTransformerRecord): void {
  const paths = Object.entries(transformer.inputPathsMap);
  if (paths.length > MAX_PATHS) throw eventsValidation(`InputPathsMap for target ${targetId} has more than ${MAX_PATHS} entries.`);
  for (const [key, path] of paths) {
    if (RESERVED.has(key)) throw eventsValidation(`InputPathsMap for target ${targetId} contains reserved key ${key}.`);
    if (parseJsonPath(path) === undefined) throw eventsValidation(`InputPathsMap for target ${targetId} contains invalid JSON path ${path}.`);
  }
  const jsonTemplate = isJsonTemplate(transformer.inputTemplate);
  for (const piece of templatePieces(transformer.inputTemplate)) {
    if (typeof piece === 'string') continue;
    if (!RESERVED.has(piece.name) && !(piece.name in transformer.inputPathsMap)) {
      throw eventsValidation(`InputTemplate for target ${targetId} contains invalid placeholder ${piece.name}.`);
    }
    // The whole event is a JSON value: it can only stand as a value of a JSON object template.
    if (piece.name === EVENT_JSON && (!transformer.inputTemplate.trimStart().startsWith('{') || piece.quoted || !jsonTemplate)) {
      throw eventsValidation(`InputTemplate for target ${targetId} contains placeholder ${EVENT_JSON} valid only for JSON template.`);
    }
  }
}

/** The function that renders the target's input for an event; the target was validated. */
export function compileTargetInput(target: TargetRecord): TargetInput {
  const { input, inputPath, inputTransformer } = target;
  if (input !== undefined) return () => input;
  if (inputPath !== undefined) {
    const steps = parseJsonPath(inputPath) ?? [];
    return (event) => JSON.stringify(readJsonPath(event, steps) ?? null);
  }
  if (inputTransformer !== undefined) return compileTransformer(inputTransformer);
  return (event) => JSON.stringify(event);
}

interface Placeholder {
  name: string;
  /** Inside a JSON string of the template: a string value goes in without quotes. */
  quoted: boolean;
}

type Piece = string | Placeholder;

function compileTransformer(transformer: InputTransformerRecord): TargetInput {
  const paths = new Map<string, JsonPathStep[]>(Object.entries(transformer.inputPathsMap).map(([key, path]) => [key, parseJsonPath(path) ?? []]));
  const json = isJsonTemplate(transformer.inputTemplate);
  const pieces = templatePieces(transformer.inputTemplate);
  return (event, context) => {
    const value = (name: string): unknown => {
      switch (name) {
        case RULE_ARN:
          return context.ruleArn;
        case RULE_NAME:
          return context.ruleName;
        case INGESTION_TIME:
          return eventTime(context.ingestionTime);
        case EVENT: {
          const { detail, ...withoutDetail } = event;
          return withoutDetail;
        }
        case EVENT_JSON:
          return event;
        default:
          return readJsonPath(event, paths.get(name) ?? []);
      }
    };
    let out = '';
    for (const piece of pieces) out += typeof piece === 'string' ? piece : render(value(piece.name), json, piece.quoted);
    return out;
  };
}

/**
 * AWS's quoting rules: in a JSON template a string stands quoted where the placeholder is bare, and as its
 * (escaped) characters inside a JSON string; other values as JSON; a missing value as `null`, or nothing inside a
 * string. In a plain-text template values go in as they are.
 */
function render(value: unknown, json: boolean, quoted: boolean): string {
  if (value === undefined) return json && !quoted ? 'null' : '';
  if (typeof value !== 'string') return JSON.stringify(value);
  if (!json) return value;
  const encoded = JSON.stringify(value);
  return quoted ? encoded.slice(1, -1) : encoded;
}

/** The template as text and placeholders, each placeholder marked as inside a JSON string or not. */
function templatePieces(template: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const at = match.index;
    if (at > last) pieces.push(template.slice(last, at));
    pieces.push({ name: match[1] ?? '', quoted: insideString(template, at) });
    last = at + match[0].length;
  }
  if (last < template.length) pieces.push(template.slice(last));
  return pieces;
}

/** Whether position `at` of the text lies inside a JSON string: an odd number of unescaped quotes precede it. */
function insideString(text: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '"') inside = !inside;
  }
  return inside;
}

/** A template that is JSON (an object, an array or a string), as opposed to plain text. */
const isJsonTemplate = (template: string): boolean => /^\s*[{["]/.test(template);

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
