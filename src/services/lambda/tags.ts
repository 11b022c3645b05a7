import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import { invalidParameterValue, resourceNotFound, validationFailed } from '../../lib/errors.js';
import { parseJsonObject } from '../json-body.js';
import type { RestRequest, RestRoute } from '../service.js';
import { optionalStringMap, Problems } from './validation.js';

const PATH = '/2017-03-31/tags/{Resource}';
/** The most tags a function may have. */
export const TAGS_LIMIT = 50;

/** The `Resource` of the tagging operations, as AWS's messages quote its pattern. */
const RESOURCE_PATTERN =
  'arn:(aws[a-zA-Z-]*):lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|layer:([a-zA-Z0-9-_]+)|code-signing-config:csc-[a-z0-9]{17}|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)';

export const tagLimitExceeded = () => invalidParameterValue('Number of tags exceeds resource tag limit.');

/** ListTags, TagResource and UntagResource, for functions (the only taggable Lambda resource Eventide has). */
export function tagRoutes({ registry }: { registry: FunctionRegistry }): RestRoute[] {
  /** The function a tagging request names: by its unqualified ARN only. */
  const functionOf = (request: RestRequest): string => {
    const resource = request.pathParams.Resource ?? '';
    const problems = new Problems();
    problems.pattern(resource, 'resource', RESOURCE_PATTERN);
    problems.throwIfAny();
    const [, , , region, account, type = '', name = '', qualifier] = resource.split(':');
    if (type !== 'function') {
      throw invalidParameterValue('Eventide tags functions only: layers, code signing configs, event source mappings and capacity providers are not supported yet.');
    }
    if (qualifier !== undefined) throw invalidParameterValue('Tags on function aliases and versions are not supported. Please specify a function ARN.');
    if (region !== registry.scope.region || account !== registry.scope.accountId) throw resourceNotFound(`Function not found: ${resource}`);
    return name;
  };

  return [
    {
      operation: 'ListTags',
      method: 'GET',
      path: PATH,
      async handle(request) {
        const fn = await registry.get({ name: functionOf(request), qualifier: undefined });
        return { status: 200, body: { Tags: fn.tags } };
      },
    },
    {
      operation: 'TagResource',
      method: 'POST',
      path: PATH,
      async handle(request) {
        const name = functionOf(request);
        const body = parseJsonObject(request.body);
        const problems = new Problems();
        problems.required(body.Tags, 'tags');
        problems.throwIfAny();
        const tags = optionalStringMap(body, 'Tags') ?? {};
        if (Object.keys(tags).length === 0) throw invalidParameterValue('An error occurred and the request cannot be processed.');
        await registry.retag(name, (current) => {
          const merged = { ...current, ...tags };
          if (Object.keys(merged).length > TAGS_LIMIT) throw tagLimitExceeded();
          return merged;
        });
        return { status: 204 };
      },
    },
    {
      operation: 'UntagResource',
      method: 'DELETE',
      path: PATH,
      async handle(request) {
        const name = functionOf(request);
        const keys = request.query.getAll('tagKeys');
        if (keys.length === 0) throw validationFailed(["Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"]);
        await registry.retag(name, (current) => Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key))));
        return { status: 204 };
      },
    },
  ];
}
