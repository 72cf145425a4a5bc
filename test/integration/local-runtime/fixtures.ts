import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaEnvironment } from '../../../local/functions/environment.ts';
import { consoleOutput } from '../../../local/functions/output.ts';
import { FunctionPool, type PoolOptions } from '../../../local/functions/pool.ts';
import type { FunctionModel } from '../../../local/template/functions.ts';

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
