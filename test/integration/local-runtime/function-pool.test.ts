import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventSink, type RuntimeEvent } from '../../../local/events.ts';
import type { FunctionPool } from '../../../local/functions/pool.ts';
import type { InvocationOutcome } from '../../../local/functions/protocol.ts';
import { type FixturePool, fixturePool } from './fixtures.ts';

const pools: FunctionPool[] = [];
afterAll(() => Promise.all(pools.map((pool) => pool.stop())));

function start(...args: Parameters<typeof fixturePool>): FixturePool {
  const fixture = fixturePool(...args);
  pools.push(fixture.pool);
  return fixture;
}

function resultOf(outcome: InvocationOutcome): Record<string, unknown> {
  if (!outcome.ok)
    throw new Error(`invocation failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
  return outcome.value as Record<string, unknown>;
}

describe('function instances', () => {
  it('run the handler with the event and a Lambda context, and stay warm', async () => {
    const { pool } = start('echo', { fn: { timeoutSeconds: 7, memoryMb: 384 } });
    const first = resultOf(await pool.invoke({ hello: 'world' }));
    expect(first.event).toEqual({ hello: 'world' });
    expect(first.context).toMatchObject({
      functionName: 'Test-echo',
      functionVersion: '$LATEST',
      memoryLimitInMB: '384',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:Test-echo',
      logGroupName: '/aws/lambda/Test-echo',
    });
    const remaining = (first.context as { remainingMs: number }).remainingMs;
    expect(remaining).toBeGreaterThan(6_000);
    expect(remaining).toBeLessThanOrEqual(7_000);
    const second = resultOf(await pool.invoke({}));
    expect(second.pid).toBe(first.pid);
    expect(pool.stats()).toMatchObject({ coldStarts: 1, invocations: 2, idle: 1, busy: 0 });
  });

  it('run no more instances than the limit, queueing the rest', async () => {
    const { pool } = start('hang', { limit: 2 });
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => pool.invoke({ ms: 200 })));
    const pids = new Set(outcomes.map((outcome) => resultOf(outcome).pid));
    expect(pids.size).toBe(2);
    expect(pool.stats().coldStarts).toBe(2);
  });

  it('kill an invocation that outlives the timeout, answer the timeout error and replace the instance', async () => {
    const { pool } = start('hang', { fn: { timeoutSeconds: 1 } });
    const before = resultOf(await pool.invoke({ ms: 1 })).pid as number;
    const started = Date.now();
    const timedOut = await pool.invoke({});
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(timedOut).toMatchObject({
      ok: false,
      error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 1.00 seconds' },
    });
    await expect.poll(() => isRunning(before)).toBe(false);
    const after = resultOf(await pool.invoke({ ms: 1 })).pid;
    expect(after).not.toBe(before);
    expect(pool.stats()).toMatchObject({ timeouts: 1, coldStarts: 2 });
  });

  it('report a process exit as an error and start a fresh instance next time', async () => {
    const { pool, lines } = start('crash');
    const before = resultOf(await pool.invoke({})).pid;
    const crashed = await pool.invoke({ exit: 3 });
    expect(crashed).toMatchObject({ ok: false, error: { errorType: 'Runtime.ExitError' } });
    expect(crashed.ok === false && crashed.error.errorMessage).toMatch(
      /Runtime exited with error: exit status 3/,
    );
    await expect.poll(() => lines, { timeout: 5_000 }).toContain('[crash#1] crashing on purpose');
    const after = resultOf(await pool.invoke({})).pid;
    expect(after).not.toBe(before);
  });

  it('report a thrown error with its type and message, and keep the instance', async () => {
    const { pool } = start('crash');
    const before = resultOf(await pool.invoke({})).pid;
    const failed = await pool.invoke({ throw: 'bad input' });
    expect(failed).toMatchObject({ ok: false, error: { errorType: 'TypeError', errorMessage: 'bad input' } });
    expect(resultOf(await pool.invoke({})).pid).toBe(before);
  });

  it('see only the Lambda environment, the template variables and the emulator endpoints', async () => {
    const { pool, lines } = start('env', {
      fn: { memoryMb: 256 },
      variables: { JOBS_TABLE_NAME: 'Stack-Jobs', NODE_OPTIONS: '--enable-source-maps' },
    });
    const value = resultOf(await pool.invoke({}));
    const env = value.env as Record<string, string>;
    expect(env).toMatchObject({
      JOBS_TABLE_NAME: 'Stack-Jobs',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'Test-env',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1',
      TZ: 'UTC',
    });
    expect(env.LAMBDA_TASK_ROOT).toBe(value.cwd);
    // Nothing leaks from the test process (HOME, the vitest worker's variables, a session token).
    for (const name of ['HOME', 'VITEST', 'AWS_SESSION_TOKEN', 'NODE_ENV'])
      expect(env).not.toHaveProperty(name);
    expect(value.nodeVersion).toBe(process.versions.node);
    expect(value.sourceMaps).toBe(true);
    // --max-old-space-size follows MemorySize (V8 adds its young generation on top).
    expect(value.heapLimitMb).toBeGreaterThanOrEqual(256);
    expect(value.heapLimitMb).toBeLessThan(600);
    // The child's output comes on its own pipe, which may be read after the invocation's answer.
    await expect.poll(() => lines, { timeout: 5_000 }).toContain('[env#1] env fixture invoked');
  });

  it('collect the AWS request counts each invocation made, summed across instances', async () => {
    const { pool } = start('counts', { limit: 2 });
    await Promise.all([
      pool.invoke({ counts: { 'SQS.SendMessage': 2 } }),
      pool.invoke({ counts: { 'SQS.SendMessage': 1, 'DynamoDB.PutItem': 1 } }),
    ]);
    await pool.invoke({ counts: { 'DynamoDB.PutItem': 3 } });
    expect(pool.requestCounts()).toEqual({ 'SQS.SendMessage': 3, 'DynamoDB.PutItem': 4 });
  });

  it('load an ES module handler (index.mjs) with import()', async () => {
    const { pool } = start('esm');
    expect(resultOf(await pool.invoke({ n: 1 }))).toEqual({ esm: true, event: { n: 1 } });
  });

  it('answer Runtime.HandlerNotFound for a handler the module does not export', async () => {
    const { pool } = start('echo', { fn: { handler: 'index.missing' } });
    expect(await pool.invoke({})).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.HandlerNotFound' },
    });
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('crash restarts', () => {
  it('replace crashed instances at most maxRestarts per window, then back off, with events for each', async () => {
    const events: RuntimeEvent[] = [];
    const sink = createEventSink();
    sink.onEvent((event) => events.push(event));
    const log: string[] = [];
    const windowMs = 3_000;
    const { pool } = start('crash', {
      limit: 1,
      pool: { events: sink, log: (line) => log.push(line), restartWindowMs: windowMs },
    });
    const took: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = Date.now();
      const outcome = await pool.invoke({ exit: 3 });
      took.push(Date.now() - started);
      expect(outcome).toMatchObject({ ok: false, error: { errorType: 'Runtime.ExitError' } });
    }
    // The first instance is a cold start; the next five are restarts 1–5; the seventh waits for the window.
    expect(pool.stats()).toMatchObject({ crashes: 7, restarts: 6, coldStarts: 7 });
    expect(Math.max(...took.slice(0, 6))).toBeLessThan(1_500);
    expect(took[6]).toBeGreaterThan(windowMs - 1_500);
    const crashed = events.filter((event) => event.type === 'WorkerCrashed');
    expect(crashed).toHaveLength(7);
    expect(crashed[0]).toMatchObject({
      function: 'crash',
      instance: 'crash#1',
      reason: 'exit code 3',
      requestId: expect.any(String),
    });
    const restarted = events.filter((event) => event.type === 'WorkerRestarted');
    expect(restarted.map((event) => event.restartsLastMinute)).toEqual([1, 2, 3, 4, 5, 5]);
    expect(restarted[0]).toMatchObject({ function: 'crash', instance: 'crash#2' });
    expect(log.filter((line) => line.includes('backing off'))).toHaveLength(1);
  }, 20_000);

  it('report a kill at the timeout as a crash with reason "timeout"', async () => {
    const events: RuntimeEvent[] = [];
    const sink = createEventSink();
    sink.onEvent((event) => events.push(event));
    const { pool } = start('hang', { fn: { timeoutSeconds: 1 }, pool: { events: sink } });
    const outcome = await pool.invoke({});
    expect(outcome).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout' } });
    expect(events).toEqual([
      expect.objectContaining({ type: 'WorkerCrashed', reason: 'timeout', requestId: outcome.requestId }),
    ]);
    await pool.invoke({ ms: 1 });
    expect(events.at(-1)).toMatchObject({
      type: 'WorkerRestarted',
      instance: 'hang#2',
      restartsLastMinute: 1,
    });
  });

  it('append events as JSON lines to a file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sqs-jobs-events-'));
    try {
      const file = path.join(dir, 'events.log');
      const { pool } = start('crash', { pool: { events: createEventSink(file) } });
      await pool.invoke({ exit: 2 });
      await pool.invoke({});
      const lines = (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines).toEqual([
        expect.objectContaining({ type: 'WorkerCrashed', reason: 'exit code 2', at: expect.any(String) }),
        expect.objectContaining({ type: 'WorkerRestarted', restartsLastMinute: 1 }),
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('chaos faults', () => {
  it('crash=1 kills the instance mid-invocation with SIGKILL; the event names the fault', async () => {
    const events: RuntimeEvent[] = [];
    const sink = createEventSink();
    sink.onEvent((event) => events.push(event));
    const { pool } = start('hang', {
      pool: { events: sink, chaos: { crash: 1, duplicate: 0, timeout: 0 } },
    });
    const outcome = await pool.invoke({ ms: 5_000 });
    expect(outcome).toMatchObject({ ok: false, error: { errorType: 'Runtime.ExitError' } });
    expect(outcome.ok === false && outcome.error.errorMessage).toMatch(/signal: kill/);
    expect(events.slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'ChaosInjected', fault: 'crash', requestId: outcome.requestId }),
      expect.objectContaining({ type: 'WorkerCrashed', reason: 'signal SIGKILL' }),
    ]);
  });

  it('timeout=1 ends even a quick invocation as timed out and replaces the instance', async () => {
    const events: RuntimeEvent[] = [];
    const sink = createEventSink();
    sink.onEvent((event) => events.push(event));
    const { pool } = start('echo', {
      pool: { events: sink, chaos: { crash: 0, duplicate: 0, timeout: 1 } },
    });
    const outcome = await pool.invoke({});
    expect(outcome).toMatchObject({
      ok: false,
      error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 5.00 seconds' },
    });
    expect(events.map((event) => event.type)).toEqual(['ChaosInjected', 'WorkerCrashed']);
    expect(pool.stats()).toMatchObject({ timeouts: 1, crashes: 1 });
  });
});
