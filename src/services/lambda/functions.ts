import { parseFunctionName } from '../../core/functions/function-name.js';
import type { FunctionRegistry } from '../../core/functions/function-registry.js';
import { describeCodePackage, MAX_ZIPPED_BYTES } from '../../core/functions/code-package.js';
import { AwsError, invalidParameterValue, validationFailed } from '../../lib/errors.js';
import { decodePageToken, encodePageToken } from '../../lib/page-token.js';
import { parseJsonObject } from '../json-body.js';
import type { RestRequest, RestRoute } from '../service.js';
import { functionConfiguration } from './function-configuration.js';
import { checkSnapStart, readCodeSettings, readCreateSettings, readSettings, readZipFile } from './settings.js';
import { UNSUPPORTED_IN } from './unsupported-settings.js';
import { optionalObject, optionalString, Problems } from './validation.js';

/** Whole-request limit of CreateFunction / UpdateFunctionCode, as AWS states it. */
const CODE_REQUEST_LIMIT = 70_167_211;
const LIST_PAGE_LIMIT = 50;
const CREATE_NAME_PATTERN = '(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)';

export interface FunctionRoutesDeps {
  registry: FunctionRegistry;
  /** Eventide's own URL, for GetFunction's `Code.Location`. */
  endpointUrl: string;
}

const codeRequestLimit = (operation: string) => ({
  limit: CODE_REQUEST_LIMIT,
  error: () => new AwsError('RequestEntityTooLargeException', 413, `Request must be smaller than ${CODE_REQUEST_LIMIT} bytes for the ${operation} operation`, { messageKey: 'Message' }),
});

/** Lambda's control plane for functions: create, read, list, update code and configuration, delete. */
export function functionRoutes({ registry, endpointUrl }: FunctionRoutesDeps): RestRoute[] {
  const { scope } = registry;
  const refOf = (request: RestRequest) =>
    parseFunctionName(request.pathParams.FunctionName ?? '', request.query.get('Qualifier') ?? undefined, scope);
  const configuration = (fn: Parameters<typeof functionConfiguration>[0]) => functionConfiguration(fn, scope);

  return [
    {
      operation: 'CreateFunction',
      method: 'POST',
      path: '/2015-03-31/functions',
      maxBodyBytes: codeRequestLimit('CreateFunction'),
      async handle(request) {
        const body = parseJsonObject(request.body);
        const problems = new Problems();
        problems.required(body.FunctionName, 'functionName');
        problems.throwIfAny();
        const ref = parseFunctionName(optionalString(body, 'FunctionName') ?? '', undefined, scope);
        // CreateFunction's pattern is narrower than the one used to look functions up: no qualifier, no dot.
        if (ref.qualifier !== undefined || !/^[a-zA-Z0-9-_]+$/.test(ref.name)) {
          throw validationFailed([`Value '${String(body.FunctionName)}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${CREATE_NAME_PATTERN}`]);
        }
        const settings = readCreateSettings(body, ref.name);
        const zip = readZipFile(optionalObject(body, 'Code'));
        const fn = await registry.create(ref.name, settings, zip);
        return { status: 201, body: configuration(fn) };
      },
    },
    {
      operation: 'ListFunctions',
      method: 'GET',
      path: '/2015-03-31/functions',
      async handle(request) {
        const maxItems = request.query.get('MaxItems');
        const limit = maxItems === null ? LIST_PAGE_LIMIT : Number(maxItems);
        const problems = new Problems();
        if (!Number.isInteger(limit)) problems.add(maxItems, 'maxItems', 'Member must be an integer');
        else problems.range(limit, 'maxItems', 1, 10000);
        problems.throwIfAny();
        const pageSize = Math.min(limit, LIST_PAGE_LIMIT);
        const marker = request.query.get('Marker');
        const functions = await registry.list(marker === null ? undefined : decodePageToken(marker), pageSize + 1);
        const page = functions.slice(0, pageSize);
        const last = page[page.length - 1];
        return {
          status: 200,
          body: {
            Functions: page.map(configuration),
            ...(functions.length > pageSize && last !== undefined ? { NextMarker: encodePageToken(last.name) } : {}),
          },
        };
      },
    },
    {
      operation: 'GetFunction',
      method: 'GET',
      path: '/2015-03-31/functions/{FunctionName}',
      async handle(request) {
        const fn = await registry.get(refOf(request));
        return {
          status: 200,
          body: {
            Configuration: configuration(fn),
            Code: {
              RepositoryType: 'S3',
              Location: `${endpointUrl}/_eventide/functions/${encodeURIComponent(fn.name)}/code?revision=${fn.revisionId}`,
              ...(fn.sourceKmsKeyArn === undefined ? {} : { SourceKMSKeyArn: fn.sourceKmsKeyArn }),
            },
            ...(Object.keys(fn.tags).length > 0 ? { Tags: fn.tags } : {}),
            ...(fn.reservedConcurrency !== undefined ? { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } } : {}),
          },
        };
      },
    },
    {
      operation: 'GetFunctionConfiguration',
      method: 'GET',
      path: '/2015-03-31/functions/{FunctionName}/configuration',
      async handle(request) {
        return { status: 200, body: configuration(await registry.get(refOf(request))) };
      },
    },
    {
      operation: 'UpdateFunctionCode',
      method: 'PUT',
      path: '/2015-03-31/functions/{FunctionName}/code',
      maxBodyBytes: codeRequestLimit('UpdateFunctionCode'),
      async handle(request) {
        const body = parseJsonObject(request.body);
        const ref = refOf(request);
        const zip = readZipFile(body);
        const codeSettings = readCodeSettings(body);
        const revisionId = optionalString(body, 'RevisionId');
        if (body.DryRun === true) {
          const current = await registry.get(ref);
          if (zip.length > MAX_ZIPPED_BYTES) throw invalidParameterValue(`Zipped size must be smaller than ${MAX_ZIPPED_BYTES} bytes`);
          const code = describeCodePackage(zip);
          return { status: 200, body: configuration({ ...current, ...codeSettings, codeSha256: code.sha256, codeSize: code.size }) };
        }
        return { status: 200, body: configuration(await registry.updateCode(ref, zip, codeSettings, revisionId)) };
      },
    },
    {
      operation: 'UpdateFunctionConfiguration',
      method: 'PUT',
      path: '/2015-03-31/functions/{FunctionName}/configuration',
      async handle(request) {
        const body = parseJsonObject(request.body);
        const ref = refOf(request);
        const patch = readSettings(body, new Problems(), UNSUPPORTED_IN.UpdateFunctionConfiguration);
        checkSnapStart(body, patch.runtime ?? (await registry.get(ref)).runtime);
        const revisionId = optionalString(body, 'RevisionId');
        return { status: 200, body: configuration(await registry.updateConfiguration(ref, patch, revisionId)) };
      },
    },
    {
      operation: 'DeleteFunction',
      method: 'DELETE',
      path: '/2015-03-31/functions/{FunctionName}',
      async handle(request) {
        await registry.delete(refOf(request));
        return { status: 204 };
      },
    },
  ];
}
