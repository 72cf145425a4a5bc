import path from 'node:path';
import { addRequestCounts, type RequestCounts } from '../src/adapters/aws/request-counter.ts';
import { createRuntimeClients } from './aws-clients.ts';
import { describeChaos, hasChaos, NO_CHAOS } from './chaos.ts';
import { startEventBridge } from './emulators/eventbridge.ts';
import { startEmulators } from './emulators/start-emulators.ts';
import {
  DEFAULT_POLLERS,
  type SqsEventSource,
  startSqsEventSource,
} from './event-sources/sqs-event-source.ts';
import { createEventSink } from './events.ts';
import { concurrencyOf } from './functions/concurrency.ts';
import { lambdaEnvironment } from './functions/environment.ts';
import { createInitGate } from './functions/init-gate.ts';
import { withJobEvents } from './functions/job-event-lines.ts';
import { consoleOutput, fileOutput } from './functions/output.ts';
import { FunctionPool } from './functions/pool.ts';
import { warmCount } from './functions/warm-count.ts';
import { openAccessLog } from './gateway/access-log-file.ts';
import { ApiKeyGuard } from './gateway/api-keys.ts';
import { IamAuthorizer } from './gateway/iam-auth.ts';
import { startGateway } from './gateway/server.ts';
import { readJobTypes } from './output/job-types.ts';
import { startSummary } from './output/summary.ts';
import { createTerminal } from './output/terminal.ts';
import { provisionApiKey } from './provision/api-key.ts';
import { provisionIdentities } from './provision/identities.ts';
import { provision } from './provision.ts';
import { localQueues, queueDepths } from './queues.ts';
import {
  DEFAULT_HOST,
  DEFAULT_PORTS,
  type LocalQueue,
  type LocalRuntime,
  type RuntimeOptions,
} from './runtime-types.ts';
import { startSchedules } from './schedules.ts';
import { locateCloudAssembly } from './synth.ts';
import { loadCloudAssembly } from './template/assembly.ts';
import { resolveValue } from './template/intrinsics.ts';
import { buildStackModel } from './template/model.ts';

export type { LocalRuntime, RuntimeOptions } from './runtime-types.ts';

/**
 * Runs the synthesized stack on local emulators: DynamoDB, SQS and S3 in child processes, each
 * function as Lambda-like child processes, the REST API on node:http, the SQS event sources and
 * the schedules. Everything it runs comes from the template.
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<LocalRuntime> {
  const started = performance.now();
  const projectRoot = path.resolve(options.projectRoot ?? process.cwd());
  const stateDir = path.resolve(options.stateDir ?? path.join(projectRoot, '.local'));
  const host = options.host ?? DEFAULT_HOST;
  const terminal = options.terminal ?? createTerminal();
  const log = options.log ?? ((line: string) => terminal.log(line));

  const assembly = await locateCloudAssembly({
    projectRoot,
    stateDir,
    log,
    ...(options.cdkOut ? { cdkOut: options.cdkOut } : {}),
    ...(options.context ? { context: options.context } : {}),
  });
  // Read the whole template before starting anything, so a template problem fails fast.
  const model = buildStackModel(
    await loadCloudAssembly(assembly.dir),
    options.region ? { region: options.region } : {},
  );
  const region = model.pseudo.region;

  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanUp = async () => {
    for (const step of cleanups.splice(0).reverse()) await step();
  };
  try {
    const emulatorsStarted = performance.now();
    const emulators = await startEmulators({
      stateDir,
      host,
      dynamodbPort: options.dynamodbPort ?? DEFAULT_PORTS.dynamodb,
      sqsPort: options.sqsPort ?? DEFAULT_PORTS.sqs,
      onUnexpectedExit: (name, code) =>
        log(
          `[runtime] ${name} exited unexpectedly (code ${code}); restart the runtime. State on disk is kept.`,
        ),
    });
    cleanups.push(() => emulators.stop());
    const emulatorsMs = performance.now() - emulatorsStarted;

    // Pollers' requests count (they are billed on AWS); provisioning and the status line's do not.
    // The pollers, like the functions, talk to fauxqs directly; provisioning goes through the
    // endpoint users are given, so the queue URLs fauxqs stores (and ListQueues answers) name it.
    const clients = createRuntimeClients(region, emulators.direct);
    const admin = createRuntimeClients(region, emulators.endpoints, false);
    cleanups.push(() => {
      clients.destroy();
      admin.destroy();
    });
    const provisionStarted = performance.now();
    const { outcomes } = await provision(model, admin, emulators.direct.sqs, stateDir);
    const provisionMs = performance.now() - provisionStarted;

    const events = createEventSink(path.join(stateDir, 'events.log'));
    // Closed last (cleanups run in reverse): instances stopping still report.
    cleanups.push(() => events.close());
    if (options.onEvent) events.onEvent(options.onEvent);
    const eventBridge =
      model.eventBuses.length > 0
        ? await startEventBridge({
            host,
            buses: model.eventBuses.map((bus) => bus.name),
            record: (event) => events.emit({ type: 'BusEvent', ...event }),
          })
        : undefined;
    if (eventBridge) cleanups.push(() => eventBridge.close());
    const functionEndpoints = {
      ...emulators.direct,
      ...(eventBridge ? { eventbridge: eventBridge.endpoint } : {}),
    };
    const output = withJobEvents(
      options.quiet ? fileOutput(path.join(stateDir, 'logs')) : consoleOutput(options.functionLog ?? log),
      events,
    );
    cleanups.push(() => output.close());
    // Closed after the gateway (cleanups run in reverse), so requests still in flight are logged.
    const accessLog = model.api?.accessLogFormat
      ? openAccessLog(stateDir, model.api.accessLogFormat)
      : undefined;
    if (accessLog) cleanups.push(() => accessLog.close());
    const chaos = options.chaos ?? NO_CHAOS;
    // Chaos strikes what SQS feeds (the worker), never the API or the scheduled functions.
    const fedBySqs = new Set(
      model.eventSources.filter((mapping) => mapping.enabled).map((mapping) => mapping.functionLogicalId),
    );
    if (hasChaos(chaos)) {
      const targets = model.functions.filter((fn) => fedBySqs.has(fn.logicalId)).map((fn) => fn.shortName);
      log(`Chaos: ${describeChaos(chaos)} on ${targets.join(', ') || 'no function (no SQS event source)'}`);
    }
    const pools = new Map<string, FunctionPool>();
    const initGate = createInitGate();
    for (const fn of model.functions) {
      const variables = resolveValue(
        fn.environment,
        model.intrinsics,
        `${fn.logicalId}.Environment.Variables`,
      );
      const env = lambdaEnvironment(fn, stringMap(variables), functionEndpoints, region);
      pools.set(
        fn.logicalId,
        new FunctionPool({ fn, env, output }, concurrencyOf(model, fn.logicalId), {
          events,
          log,
          initGate,
          ...(fedBySqs.has(fn.logicalId) && hasChaos(chaos) ? { chaos } : {}),
        }),
      );
    }
    cleanups.push(() => Promise.all([...pools.values()].map((pool) => pool.stop())).then(() => undefined));
    // Stopping takes no new work first, all at once: HTTP (in-flight requests finish), polls, timers.
    const intake: (() => Promise<void> | void)[] = [];
    cleanups.push(() => Promise.all(intake.map((stop) => stop())).then(() => undefined));
    const invoke = (logicalId: string, event: unknown) => {
      const pool = pools.get(logicalId);
      if (!pool) throw new Error(`No function ${logicalId} in the template.`);
      return pool.invoke(event);
    };
    const shortNameOf = (logicalId: string) =>
      model.functions.find((fn) => fn.logicalId === logicalId)?.shortName ?? logicalId;

    // What the template's methods ask of callers, whether or not --auth checks it.
    const routes = model.api?.routes ?? [];
    const templateRequiresApiKeys = routes.some((route) => route.apiKeyRequired);
    const templateRequiresSignatures = routes.some((route) => route.authorizationType === 'AWS_IAM');
    const apiKey =
      options.auth && templateRequiresApiKeys ? await provisionApiKey(stateDir, options.apiKey) : undefined;
    // With --auth, AWS_IAM methods take signatures of local identities, one per policy that may
    // invoke the API (the stack's read and admin policies with -c auth=iam).
    const signing =
      options.auth && model.api && templateRequiresSignatures
        ? await provisionIdentities(stateDir, model.api.invokePolicies, model.pseudo.accountId)
        : undefined;
    const gateway = model.api
      ? await startGateway({
          api: model.api,
          accountId: model.pseudo.accountId,
          host,
          port: options.port ?? DEFAULT_PORTS.api,
          invoke,
          log,
          ...(apiKey ? { apiKeys: new ApiKeyGuard(apiKey, model.api.usagePlan) } : {}),
          ...(signing
            ? {
                iam: new IamAuthorizer(signing.identities, {
                  region,
                  accountId: model.pseudo.accountId,
                  apiId: model.api.apiId,
                  stage: model.api.stageName,
                }),
              }
            : {}),
          ...(accessLog ? { accessLog: accessLog.write } : {}),
        })
      : undefined;
    if (gateway) intake.push(() => gateway.close());

    const queues = localQueues(model, outcomes, emulators.endpoints.sqs);
    const sources = new Map<string, SqsEventSource>();
    for (const mapping of model.eventSources) {
      const queue = queues.find((q) => q.logicalId === mapping.queueLogicalId) as LocalQueue;
      const label = `${shortNameOf(mapping.functionLogicalId)} ← ${queue.role}`;
      sources.set(
        mapping.logicalId,
        startSqsEventSource({
          mapping,
          queue,
          region,
          sqs: clients.sqs,
          invoke: (event) => invoke(mapping.functionLogicalId, event),
          log,
          label,
          duplicate: chaos.duplicate,
          events,
          functionName: shortNameOf(mapping.functionLogicalId),
          ...(emulators.endLongPolls ? { endLongPolls: emulators.endLongPolls } : {}),
        }),
      );
    }
    for (const source of sources.values()) intake.push(() => source.stop());

    const schedules =
      options.schedules === false
        ? undefined
        : startSchedules({
            schedules: model.schedules,
            pseudo: model.pseudo,
            invoke,
            log,
            label: shortNameOf,
          });
    if (schedules) intake.push(() => schedules.stop());
    await Promise.all(
      [...pools.entries()].map(([logicalId, pool]) => pool.warm(warmCount(model, logicalId, pool.limit))),
    );

    let stopping: Promise<void> | undefined;
    const runtime: LocalRuntime = {
      stackName: model.stackName,
      region,
      apiUrl: gateway?.url,
      apiKey,
      templateRequiresApiKeys,
      templateRequiresSignatures,
      ...(signing
        ? { identities: { file: signing.file, names: signing.identities.map((identity) => identity.name) } }
        : {}),
      ...(accessLog ? { accessLogFile: accessLog.file } : {}),
      endpoints: emulators.endpoints,
      assembly,
      stateDir,
      resources: {
        tables: model.tables.map((table) => ({
          logicalId: table.logicalId,
          name: table.name,
          provisioned: outcomes.get(table.logicalId) ?? 'kept',
          notEmulated: table.notEmulated,
        })),
        queues,
        buckets: model.buckets.map((bucket) => ({
          logicalId: bucket.logicalId,
          name: bucket.name,
          provisioned: outcomes.get(bucket.logicalId) ?? 'kept',
        })),
      },
      functions: model.functions.map((fn) => ({
        logicalId: fn.logicalId,
        shortName: fn.shortName,
        name: fn.name,
        timeoutSeconds: fn.timeoutSeconds,
        memoryMb: fn.memoryMb,
        concurrency: pools.get(fn.logicalId)?.limit ?? 0,
      })),
      eventSources: model.eventSources.map((mapping) => ({
        logicalId: mapping.logicalId,
        functionShortName: shortNameOf(mapping.functionLogicalId),
        queueLogicalId: mapping.queueLogicalId,
        queueName: model.physical.name(mapping.queueLogicalId),
        batchSize: mapping.batchSize,
        batchingWindowSeconds: mapping.batchingWindowSeconds,
        maxConcurrency: mapping.maxConcurrency,
        pollers: mapping.enabled ? (mapping.maxConcurrency ?? DEFAULT_POLLERS) : 0,
        reportBatchItemFailures: mapping.reportBatchItemFailures,
        enabled: mapping.enabled,
      })),
      schedules: model.schedules.map((rule) => ({
        logicalId: rule.logicalId,
        name: rule.name,
        expression: rule.expression.text,
        targets: rule.targets.map((target) => shortNameOf(target.functionLogicalId)),
      })),
      routes: gateway?.routes ?? [],
      apiStage: model.api?.stageName,
      notEmulated: model.notEmulated,
      timings: { synth: assembly.synthMs, emulators: emulatorsMs, provision: provisionMs, total: 0 },
      functionStats: () => [...pools.values()].map((pool) => pool.stats()),
      eventSourceStats: () => new Map([...sources].map(([id, source]) => [id, source.stats()])),
      apiRequests: () => gateway?.requests() ?? 0,
      requestCounts: () => {
        const counts: RequestCounts = {};
        for (const pool of pools.values()) addRequestCounts(counts, pool.requestCounts());
        return addRequestCounts(counts, clients.requestCounts());
      },
      requestCountsBySource: () => ({
        functions: Object.fromEntries(
          [...pools].map(([logicalId, pool]) => [shortNameOf(logicalId), pool.requestCounts()]),
        ),
        runtime: clients.requestCounts(),
      }),
      queueDepths: () => queueDepths(admin.sqs, queues),
      nextScheduleFire: (logicalId) => schedules?.nextFire(logicalId),
      onEvent: (listener) => events.onEvent(listener),
      chaos,
      stop: () => {
        // In reverse of starting: take no new work, let in-flight invocations finish (each bounded
        // by its function's timeout), end the instances, then the emulators.
        stopping ??= cleanUp();
        return stopping;
      },
    };
    if (options.seed) await options.seed(runtime);
    const ready: LocalRuntime = {
      ...runtime,
      timings: { ...runtime.timings, total: performance.now() - started },
    };
    if (options.summary) {
      const summary = startSummary(ready, terminal, {
        projectRoot,
        jobTypes: ready.apiUrl ? await readJobTypes(ready.apiUrl) : [],
        quiet: options.quiet === true,
        command: options.command ?? 'npm start --',
      });
      cleanups.push(() => summary.stop());
    }
    return ready;
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
}
