import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RuntimeClients } from '../../../local/aws-clients.ts';
import {
  type SqsEventSource,
  type SqsEventSourceOptions,
  startSqsEventSource,
} from '../../../local/event-sources/sqs-event-source.ts';
import { lambdaEnvironment } from '../../../local/functions/environment.ts';
import { consoleOutput } from '../../../local/functions/output.ts';
import { FunctionPool, type PoolOptions } from '../../../local/functions/pool.ts';
import { provisionQueue } from '../../../local/provision/queues.ts';
import type { EventSourceModel, FunctionModel } from '../../../local/template/functions.ts';
import type { QueueModel } from '../../../local/template/storage.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/lambda');

export const NO_ENDPOINTS = {
  dynamodb: 'http://127.0.0.1:1',
  sqs: 'http://127.0.0.1:1',
  s3: 'http://127.0.0.1:1',
};

/** A function from test/fixtures/lambda/<name>, described as the template reader would. */
export function fixtureFunction(name: string, overrides: Partial<FunctionModel> = {}): FunctionModel {
  return {
    logicalId: `${name}Function`,
    shortName: name,
    name: `Test-${name}`,
    arn: `arn:aws:lambda:us-east-1:000000000000:function:Test-${name}`,
    description: undefined,
    handler: 'index.handler',
    runtime: 'nodejs24.x',
    timeoutSeconds: 5,
    memoryMb: 256,
    reservedConcurrency: undefined,
    codeDir: path.join(FIXTURES, name),
    environment: {},
    ...overrides,
  };
}

export interface FixturePool {
  readonly pool: FunctionPool;
  /** Every line the instances printed, with their [name#n] prefix. */
  readonly lines: string[];
}

export function fixturePool(
  name: string,
  options: {
    readonly fn?: Partial<FunctionModel>;
    readonly variables?: Record<string, string>;
    readonly endpoints?: typeof NO_ENDPOINTS;
    readonly limit?: number;
    readonly pool?: PoolOptions;
  } = {},
): FixturePool {
  const fn = fixtureFunction(name, options.fn);
  const lines: string[] = [];
  const env = lambdaEnvironment(fn, options.variables ?? {}, options.endpoints ?? NO_ENDPOINTS, 'us-east-1');
  const pool = new FunctionPool(
    { fn, env, output: consoleOutput((line) => lines.push(line)) },
    options.limit ?? 2,
    options.pool,
  );
  return { pool, lines };
}

/**
 * The `partial-batch` fixture function (four instances) fed by `queue` through an SQS event source
 * whose mapping is a worker's (batches of ten, two pollers, partial batch responses) plus `mapping`.
 */
export async function partialBatchSource(
  clients: RuntimeClients,
  endpoint: string,
  queue: QueueModel,
  options: {
    readonly mapping?: Partial<EventSourceModel>;
    readonly extra?: Partial<SqsEventSourceOptions>;
    readonly log?: (line: string) => void;
  } = {},
): Promise<{ url: string; source: SqsEventSource; fixture: FixturePool }> {
  const { url } = await provisionQueue(clients.sqs, queue, endpoint);
  const fixture = fixturePool('partial-batch', {
    endpoints: { dynamodb: endpoint, sqs: endpoint, s3: endpoint },
    limit: 4,
  });
  const source = startSqsEventSource({
    mapping: {
      logicalId: 'Mapping',
      functionLogicalId: 'partial-batchFunction',
      queueLogicalId: queue.logicalId,
      batchSize: 10,
      batchingWindowSeconds: 0,
      maxConcurrency: 2,
      reportBatchItemFailures: true,
      enabled: true,
      ...options.mapping,
    },
    queue: { url, arn: queue.arn },
    region: 'us-east-1',
    sqs: clients.sqs,
    invoke: (event) => fixture.pool.invoke(event),
    log: options.log ?? (() => {}),
    label: 'worker ← queue',
    ...options.extra,
  });
  return { url, source, fixture };
}
