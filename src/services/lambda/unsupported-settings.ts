import { invalidParameterValue } from '../../lib/errors.js';
import type { Problems } from './validation.js';

/**
 * Request members whose feature Eventide has not built yet. Asking for one is refused with an
 * InvalidParameterValueException naming it, never accepted and dropped; leaving it out, or sending its "nothing"
 * (an empty list, `Publish: false`), is fine.
 */

interface Refusal {
  /** Whether the member, as sent, asks for the feature. */
  requested: (value: unknown) => boolean;
  message: string;
}

const present = (value: unknown): boolean => value !== undefined && value !== null;
const nonEmptyList = (value: unknown): boolean => present(value) && !(Array.isArray(value) && value.length === 0);
const isTrue = (value: unknown): boolean => value === true;

const REFUSALS = {
  Layers: { requested: nonEmptyList, message: 'Layers are not supported by Eventide yet. Package the libraries with the function code, or pass an empty Layers list.' },
  FileSystemConfigs: { requested: nonEmptyList, message: 'FileSystemConfigs (Amazon EFS and S3 Files mounts) are not supported by Eventide yet.' },
  ImageConfig: { requested: present, message: 'ImageConfig is not supported by Eventide yet: it runs functions of PackageType Zip only.' },
  CodeSigningConfigArn: { requested: present, message: 'Code signing is not supported by Eventide yet; create the function without CodeSigningConfigArn.' },
  Publish: { requested: isTrue, message: 'Publishing versions is not supported by Eventide yet: a function has only $LATEST. Leave out Publish (the AWS CLI\'s --publish).' },
  PublishTo: { requested: present, message: 'Publishing versions is not supported by Eventide yet: a function has only $LATEST. Leave out PublishTo.' },
  CapacityProviderConfig: { requested: present, message: 'Lambda Managed Instances (CapacityProviderConfig) are not supported by Eventide yet.' },
  DurableConfig: { requested: present, message: 'Durable functions (DurableConfig) are not supported by Eventide yet.' },
  TenancyConfig: { requested: present, message: 'Tenant isolation (TenancyConfig) is not supported by Eventide yet.' },
} satisfies Record<string, Refusal>;

export type UnsupportedMember = keyof typeof REFUSALS;

/** The members each operation's model has that Eventide refuses; other operations do not know them (AWS ignores unknown members). */
export const UNSUPPORTED_IN = {
  CreateFunction: ['Layers', 'FileSystemConfigs', 'ImageConfig', 'CodeSigningConfigArn', 'Publish', 'PublishTo', 'CapacityProviderConfig', 'DurableConfig', 'TenancyConfig'],
  UpdateFunctionConfiguration: ['Layers', 'FileSystemConfigs', 'ImageConfig', 'CapacityProviderConfig', 'DurableConfig'],
  UpdateFunctionCode: ['Publish', 'PublishTo'],
} as const satisfies Record<string, readonly UnsupportedMember[]>;

/** AWS's own pattern for a layer version ARN, as its ValidationException quotes it. */
const LAYER_VERSION_ARN =
  '(arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:layer:[a-zA-Z0-9-_]+:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)';

/** Model constraints of the refused members that a client commonly gets wrong, checked before the refusal as AWS orders them. */
export function checkUnsupportedModel(problems: Problems, body: Record<string, unknown>, members: readonly UnsupportedMember[]): void {
  const layers = body.Layers;
  if (members.includes('Layers') && Array.isArray(layers) && layers.every((item) => typeof item === 'string')) {
    problems.eachItem(layers as string[], 'layers', { minLength: 1, maxLength: 2048, pattern: LAYER_VERSION_ARN, notNull: true });
  }
  if (members.includes('PublishTo') && typeof body.PublishTo === 'string') problems.oneOf(body.PublishTo, 'publishTo', ['LATEST_PUBLISHED']);
}

/** Throws for the first member of `members` the body asks for. */
export function refuseUnsupported(body: Record<string, unknown>, members: readonly UnsupportedMember[]): void {
  for (const member of members) {
    const refusal: Refusal = REFUSALS[member];
    if (refusal.requested(body[member])) throw invalidParameterValue(refusal.message);
  }
}
