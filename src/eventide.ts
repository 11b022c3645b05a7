import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EventInvokeConfigs } from './core/functions/event-invoke-configs.js';
import { ExecutionRoleChecks, UNENFORCED } from './core/functions/execution-role.js';
import { FunctionPolicies } from './core/functions/function-policies.js';
import { FunctionRegistry } from './core/functions/function-registry.js';
import { Iam } from './core/iam/iam.js';
import { AsyncEventQueue } from './core/invoke/async-event-queue.js';
import { ConcurrencyLimiter } from './core/invoke/concurrency-limiter.js';
import { Dispatcher } from './core/invoke/dispatcher.js';
import { FunctionFaults } from './core/invoke/fault-injection.js';
import { Invoker } from './core/invoke/invoker.js';
import { Redrive } from './core/invoke/redrive.js';
import { OutcomeRouter } from './core/routing/outcome-router.js';
import { ReservedConcurrency } from './core/invoke/reserved-concurrency.js';
import { LogGroupSettings } from './core/logs/log-group-settings.js';
import { LogIngestion } from './core/logs/log-ingestion.js';
import { LogRetention } from './core/logs/log-retention.js';
import { LogService } from './core/logs/log-service.js';
import { LogWriter } from './core/logs/log-writer.js';
import { Publisher } from './core/messaging/sns/publisher.js';
import { createEventBridge } from './core/events/event-bridge.js';
import { ServiceEvents } from './core/events/service-events.js';
import { LambdaDelivery } from './core/messaging/sns/lambda-delivery.js';
import { NotificationUrls } from './core/messaging/sns/publication.js';
import { SqsDelivery } from './core/messaging/sns/sqs-delivery.js';
import { SubscriptionFilter } from './core/messaging/sns/subscription-filter.js';
import { Subscriptions } from './core/messaging/sns/subscriptions.js';
import { Topics } from './core/messaging/sns/topics.js';
import { QueueMessages } from './core/messaging/sqs/queue-messages.js';
import { BucketNotifications } from './core/s3/bucket-notifications.js';
import { accountOwner } from './core/s3/access-control.js';
import { createS3 } from './core/s3/create-s3.js';
import { Queues } from './core/messaging/sqs/queues.js';
import type { EventideOptions } from './eventide-options.js';
import { Gateway } from './gateway/gateway.js';
import { Clock } from './lib/clock.js';
import { InFlight } from './lib/in-flight.js';
import type { Logger } from './lib/logger.js';
import { createConsoleLogger } from './logging/console-logger.js';
import { packageVersion } from './lib/package-version.js';
import { EnvironmentPool } from './runtime/environment-pool.js';
import { markPackageScopeBoundary } from './runtime/package-scope.js';
import { internalService } from './services/eventide/internal-service.js';
import { iamService } from './services/iam/iam-service.js';
import { PrometheusMetrics } from './services/eventide/prometheus-metrics.js';
import { lambdaService } from './services/lambda/lambda-service.js';
import { logsService } from './services/logs/logs-service.js';
import { snsService } from './services/sns/sns-service.js';
import { eventsService } from './services/events/events-service.js';
import { sqsJsonService, sqsOperations, sqsQueryService } from './services/sqs/sqs-service.js';
import { s3Service } from './services/s3/s3-service.js';
import { stsService } from './services/sts/sts-service.js';
import { DataDirLock } from './store/sqlite/data-dir-lock.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';

export interface RunningEventide {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts Eventide on its data dir, which it holds alone until `close` (a second Eventide on it is refused
 * with `DataDirInUse` before anything is opened or written), and says on the console that it is ready and how it is set.
 */
export async function startEventide(options: EventideOptions): Promise<RunningEventide> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const lock = DataDirLock.acquire(dataDir);
  try {
    const logger = createConsoleLogger(options.logLevel, options.logFormat);
    const eventide = await compose(options, dataDir, lock, logger);
    logger.ready(eventide.url);
    logger.info('settings', {
      endpoint: eventide.url,
      dataDir,
      region: options.region,
      accountId: options.accountId,
      timeScale: options.timeScale,
      concurrency: options.concurrency,
      iamEnforcement: options.iamEnforcement ? 'on' : 'off',
      clockControl: options.clockControl ? 'on' : 'off',
    });
    return {
      url: eventide.url,
      async close() {
        try {
          await eventide.close();
        } finally {
          lock.release();
        }
        logger.info('closed');
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Wires the layers together and starts listening: the composition root. */
async function compose(options: EventideOptions, dataDir: string, lock: DataDirLock, logger: Logger): Promise<RunningEventide> {
  const scope = { region: options.region, accountId: options.accountId };
  const store = new SqliteStore(path.join(dataDir, 'eventide.db'));
  const clock = new Clock(options.timeScale, await store.latestEngineTime());
  const logWriter = new LogWriter(store, clock, logger);
  const iam = new Iam(store.iam, clock, options.accountId);
  const server = createServer();
  server.keepAliveTimeout = 65_000;

  await listen(server, options.host, options.port);
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  const reachableUrl = `http://${isWildcard(options.host) ? '127.0.0.1' : options.host}:${port}`;
  lock.describe(reachableUrl);

  const pool = new EnvironmentPool({
    region: options.region,
    endpointUrl: reachableUrl,
    logSink: logWriter,
    idleTimeoutMs: (options.idleTimeoutSeconds * 1000) / options.timeScale,
  });
  const roleChecks = new ExecutionRoleChecks(options.iamEnforcement ? iam.permissions : UNENFORCED);
  const registry = new FunctionRegistry(store, dataDir, scope, clock, roleChecks, (name, change) => {
    pool.retire(name);
    if (change === 'deleted') limiter.setReservation(name, undefined);
  });
  // Node decides a .js file's module type from the nearest package.json: the code root is the edge of that scope.
  await markPackageScopeBoundary(registry.codeRoot);
  await registry.removeUnusedCode();
  const eventInvokeConfigs = new EventInvokeConfigs(store, registry, clock);
  const policies = new FunctionPolicies(store.functionPolicies, registry);
  const faults = new FunctionFaults(store.functionFaults, registry);
  const metrics = new PrometheusMetrics();
  const limiter = new ConcurrencyLimiter(options.concurrency, metrics);
  const concurrency = new ReservedConcurrency(registry, limiter, logger);
  await concurrency.load();
  // The queue wakes the dispatcher once events are durable; it only does so after both exist.
  const queue = new AsyncEventQueue(store, () => dispatcher.wake());
  const invoker = new Invoker({ registry, pool, limiter, queue, clock, asyncPayloadLimit: options.asyncPayloadLimit, metrics, policies, logger });
  const dispatcher = new Dispatcher({
    store,
    clock,
    limiter,
    eventSettings: (name, qualifier) => eventInvokeConfigs.eventSettings(name, qualifier),
    faults: (name) => faults.of(name),
    functionExists: async (name) => (await registry.find(name)) !== undefined,
    run: (event) => invoker.runQueued(event),
    outcomesPending: () => router.wake(),
    metrics,
    logger,
  });
  const logRetention = new LogRetention(store, clock, logger);
  const logs = new LogService(store, logWriter, clock, logRetention);
  const logGroupSettings = new LogGroupSettings(store, logs, logRetention);
  const logIngestion = new LogIngestion(store, logs, logRetention, clock);
  const queues = new Queues(store.queues, scope, clock);
  const queueMessages = new QueueMessages(store.queues, queues, scope, clock);
  const topics = new Topics(store.topics, scope);
  const subscriptions = new Subscriptions(store.topics, topics, scope);
  const notificationUrls = new NotificationUrls(reachableUrl);
  const subscriptionFilter = new SubscriptionFilter();
  const deliveries = {
    sqs: new SqsDelivery(queueMessages, notificationUrls, subscriptionFilter, logger),
    lambda: new LambdaDelivery(invoker, notificationUrls, subscriptionFilter, logger),
  };
  const publisher = new Publisher({ store: store.topics, topics, deliveries, clock, scope });
  const eventBridge = await createEventBridge({ store: store.eventBuses, scope, clock, queues: queueMessages, topics: publisher, functions: invoker, metrics, logger });
  const serviceEvents = new ServiceEvents(eventBridge.ingest);
  const notifications = new BucketNotifications({
    scope,
    policies,
    functions: invoker,
    queues: queueMessages,
    topics: publisher,
    destinationPolicies: {
      queuePolicy: async (arn) => (await queues.attributes(queues.nameOfArn(arn), ['Policy'])).Policy,
      topicPolicy: async (arn) => (await topics.attributes(arn)).Policy,
    },
    serviceEvents,
    logger,
  });
  const s3 = createS3({ store: store.s3, dataDir, notifications, clock, region: options.region, owner: accountOwner(options.accountId) });
  await s3.removeUnrecordedData();
  // Finished events leave the outbox for their dead-letter target and destinations, the execution role checked at delivery.
  const router = new OutcomeRouter({
    store,
    clock,
    findFunction: (name) => registry.find(name),
    eventInvokeConfig: (name, qualifier) => eventInvokeConfigs.find(name, qualifier),
    qualifiedArn: (name, qualifier) => registry.arn(name, qualifier),
    roles: roleChecks.authority,
    ports: {
      queues: queueMessages,
      topics: publisher,
      functions: invoker,
      buses: eventBridge.ingest,
      buckets: s3.objects,
    },
    metrics,
    logger,
  });
  const sqs = sqsOperations({ queues, messages: queueMessages, accountId: options.accountId, endpointUrl: reachableUrl });
  const gateway = new Gateway(
    [
      lambdaService({ registry, invoker, concurrency, eventInvokeConfigs, policies, endpointUrl: reachableUrl }),
      logsService({ logs, settings: logGroupSettings, ingestion: logIngestion, scope }),
      iamService(iam),
      stsService(iam),
      sqsJsonService(sqs),
      sqsQueryService(sqs),
      snsService({ topics, subscriptions, publisher }),
      eventsService({ ...eventBridge, accountId: options.accountId }),
      s3Service({ ...s3, accountId: options.accountId }),
    ],
    internalService({
      registry,
      policies,
      queue,
      events: store,
      redrive: new Redrive({ store, clock, registry, queues: queueMessages, wake: () => dispatcher.wake() }),
      accountId: options.accountId,
      faults,
      metrics,
      serviceEvents,
      clock,
      clockControl: options.clockControl,
      version: packageVersion(),
      startedAt: clock.wallTime(),
      endpoint: reachableUrl,
      dataDir,
      concurrency: { limit: options.concurrency, running: () => limiter.totalRunning() },
      environments: (name) => pool.environmentCount(name),
    }),
    logger,
  );
  // Requests being answered: a shutdown lets them finish.
  const inFlight = new InFlight();
  server.on('request', (req, res) => {
    inFlight.enter();
    res.once('close', () => inFlight.leave());
    gateway.handle(req, res);
  });
  dispatcher.start();
  router.start();
  eventBridge.scheduler.start();
  logRetention.start();

  return {
    url,
    async close() {
      const graceMs = options.shutdownGraceSeconds * 1000;
      logger.info('stopping', { graceSeconds: options.shutdownGraceSeconds });
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      queueMessages.stopWaiting();
      // Running invocations finish and their answers are written before connections are cut.
      await Promise.all([inFlight.drained(graceMs), dispatcher.stop(graceMs)]);
      await Promise.all([router.stop(graceMs), eventBridge.scheduler.stop(graceMs), logRetention.stop()]);
      logger.info('drained');
      pool.shutdown();
      server.closeAllConnections();
      await stopped;
      await logWriter.flush();
      await store.close();
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';
