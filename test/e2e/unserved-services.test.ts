/**
 * A service Eventide does not serve is refused in the caller's own protocol (json, query/XML, rest-json, rest-xml),
 * with an error the AWS CLI v2 and boto3 read, do not retry, and show with the service's name — not "invalid XML
 * received … Further retries may succeed" after a round of retries.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { awsCli, boto3 } from './support/clients.js';
import { startEventide, stopAndClean, type EventideProcess } from './support/eventide-process.js';

/**
 * One call per protocol to a service a Lambda engine is unlikely ever to serve, and what its request shows of the
 * operation (rest requests name none, only their method and path). Should Eventide come to serve one,
 * replace it here with another of the same protocol.
 */
const UNSERVED = [
  { protocol: 'json-1.1', service: 'ecs', cli: ['ecs', 'list-clusters'], python: "client('ecs').list_clusters()", operation: 'ListClusters', code: 'UnknownOperationException', attempted: 'operation ListClusters' },
  { protocol: 'query', service: 'rds', cli: ['rds', 'describe-db-instances'], python: "client('rds').describe_db_instances()", operation: 'DescribeDBInstances', code: 'InvalidAction', attempted: 'operation DescribeDBInstances' },
  { protocol: 'rest-json', service: 'elasticfilesystem', cli: ['efs', 'describe-file-systems'], python: "client('efs').describe_file_systems()", operation: 'DescribeFileSystems', code: 'UnknownOperationException', attempted: 'GET /2015-02-01/file-systems' },
  { protocol: 'rest-xml', service: 'route53', cli: ['route53', 'list-hosted-zones'], python: "client('route53').list_hosted_zones()", operation: 'ListHostedZones', code: 'UnknownOperationException', attempted: 'GET /2013-04-01/hostedzone' },
] as const;

/** Forwards every request to Eventide and counts them: a retry would be a second request. */
function countingProxy(target: string): Promise<{ server: Server; url: string; requests: () => number; reset: () => void }> {
  const upstream = new URL(target);
  let count = 0;
  const server = createServer((req, res) => {
    count++;
    const forwarded = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, requests: () => count, reset: () => (count = 0) });
    }),
  );
}

describe('services Eventide does not serve', () => {
  let eventide: EventideProcess;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;

  before(async () => {
    eventide = await startEventide({ lambdaRole: false });
    proxy = await countingProxy(eventide.url);
  });

  after(async () => {
    proxy?.server.close();
    if (eventide !== undefined) await stopAndClean(eventide);
  });

  beforeEach(() => proxy.reset());

  for (const probe of UNSERVED) {
    test(`aws ${probe.cli.join(' ')} (${probe.protocol}) fails at once with ${probe.code} naming the service and what was asked`, async () => {
      // The CLI may retry here as it does by default; it must find nothing worth retrying.
      const result = await awsCli(proxy.url, [...probe.cli], { env: { AWS_MAX_ATTEMPTS: '3', AWS_RETRY_MODE: 'standard' } });
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, new RegExp(`An error occurred \\(${probe.code}\\) when calling the ${probe.operation} operation(?: \\(reached max retries: 0\\))?: Eventide does not serve the ${probe.service} service \\(${probe.attempted}\\)`));
      assert.doesNotMatch(result.stderr, /retries may succeed|invalid XML|reached max retries: [1-9]/);
      assert.equal(proxy.requests(), 1, 'one request, no retry');
    });
  }

  test('boto3 with retries on reads each error, retries none, and sees the service and the operation', async () => {
    const calls = UNSERVED.map((probe) => `('${probe.service}', lambda: ${probe.python})`).join(', ');
    const python = await boto3(
      proxy.url,
      `import boto3, botocore, json, os
from botocore.config import Config
config = Config(retries={'mode': 'standard', 'max_attempts': 3})
client = lambda name: boto3.client(name, endpoint_url=os.environ['ENDPOINT'], config=config)
results = {}
for service, call in [${calls}]:
    try:
        call()
        results[service] = 'served'
    except botocore.exceptions.ClientError as error:
        results[service] = {'code': error.response['Error']['Code'], 'message': error.response['Error']['Message'], 'status': error.response['ResponseMetadata']['HTTPStatusCode'], 'attempts': error.response['ResponseMetadata'].get('RetryAttempts')}
print(json.dumps(results))`,
    );
    assert.equal(python.code, 0, python.stderr);
    const results = JSON.parse(python.stdout) as Record<string, unknown>;
    for (const probe of UNSERVED) {
      assert.deepEqual(results[probe.service], { code: probe.code, message: `Eventide does not serve the ${probe.service} service (${probe.attempted})`, status: 400, attempts: 0 }, probe.service);
    }
    assert.equal(proxy.requests(), UNSERVED.length, 'one request per call');
  });
});
