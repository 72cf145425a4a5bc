import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from '../client.ts';
import { type RuntimeProcess, startRuntimeProcess } from '../local-runtime-process.ts';
import { countBy, runtimeEvents, tempStateDir } from './harness.ts';
import { type HostileRequest, hostileRequest, overGatewayLimit } from './hostile-requests.ts';

/** Fixed so a failure replays; fast-check prints seed and path of the counterexample. */
const SEED = 20_251_123;
/** Property runs; each sends BATCH requests at once. */
const RUNS = 750;
const BATCH = 4;
const STATUS_WORDS = ['pending', 'running', 'completed', 'failed', 'canceled'] as const;
const EMULATOR_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

const stateDir = tempStateDir('fuzz');
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

// Only the embedded runtime lets the test count every record and message it holds.
describe.skipIf(!inject('embedded'))('hostile input', () => {
  it('answers thousands of hostile requests with 4xx JSON errors, creates nothing and keeps serving', async () => {
    const runtime = await startRuntimeProcess({ stateDir });
    const agent = new Agent({ keepAlive: true, maxSockets: BATCH });
    const statuses: number[] = [];
    const kinds: string[] = [];
    let failed = true;
    try {
      const api = apiClient(runtime.apiUrl);
      const probe = await api.post<{ error: { details: { knownTypes: string[] } } }>(
        '/jobs',
        '{"type":"?"}',
        { 'content-type': 'application/json' },
      );
      const knownTypes = probe.body.error.details.knownTypes;
      expect(knownTypes).toContain('noop');

      const send = async (request: HostileRequest) => {
        // A kept-alive socket the server closed just as we reused it fails before any answer: the
        // request never reached the API, so it is sent again, once.
        const answer = await sendRaw(runtime.apiUrl, agent, request).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNRESET' || error.code === 'EPIPE')
            return sendRaw(runtime.apiUrl, agent, request);
          throw error;
        });
        statuses.push(answer.status);
        kinds.push(request.kind);
        expectErrorAnswer(request, answer);
      };
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostileRequest(knownTypes), { minLength: BATCH, maxLength: BATCH }),
          async (batch) => {
            await Promise.all(batch.map(send));
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
      await send(overGatewayLimit());

      expect(runtime.child.exitCode).toBeNull();
      const created = await leftBehind(runtime);
      const status = (await api.get<Record<string, number>>('/status')).body;
      const events = runtimeEvents(stateDir);
      const enqueued = jobEnqueuedLines(stateDir);
      const fourXx = statuses.filter((s) => s >= 400 && s < 500).length;
      const fiveXx = statuses.filter((s) => s >= 500).length;
      console.log(
        `fuzz (seed ${SEED}): ${statuses.length} hostile requests · ${fourXx} answered 4xx · ${fiveXx} answered 5xx · ` +
          `${statuses.length - fourXx - fiveXx} other · job records created: ${created.records} · ` +
          `queue messages created: ${created.messages} · JobEnqueued events: ${enqueued} · ` +
          `status codes ${JSON.stringify(countBy(statuses, String))}\n  by kind ${JSON.stringify(countBy(kinds, (k) => k))}`,
      );
      expect(fourXx).toBe(statuses.length);
      expect(created).toEqual({ records: 0, messages: 0, queues: expect.any(Number) });
      expect(created.queues).toBeGreaterThanOrEqual(2);
      expect(enqueued).toBe(0);
      expect(events.filter((e) => e.type === 'WorkerCrashed')).toEqual([]);
      expect(Object.fromEntries(STATUS_WORDS.map((word) => [word, status[word]]))).toEqual(
        Object.fromEntries(STATUS_WORDS.map((word) => [word, 0])),
      );

      // The same process still takes and runs a valid job.
      const accepted = await api.post<{ id: string }>('/jobs', '{"type":"noop"}', {
        'content-type': 'application/json',
      });
      expect(accepted.status).toBe(202);
      const job = await api.waitForJob(accepted.body.id, isFinished, 30_000);
      expect(job.status).toBe('completed');
      // Shows the JobEnqueued count above can see one: the valid job's own event, where the runtime records them.
      console.log(
        `fuzz: afterwards a valid POST /jobs got 202 and completed; JobEnqueued events now: ${jobEnqueuedLines(stateDir)}`,
      );
      failed = false;
    } finally {
      agent.destroy();
      if (failed) console.error(diagnostics(runtime));
      await runtime.stop('SIGINT');
    }
  }, 300_000);
});

/** node:http rather than fetch: raw bytes, any header name, no path normalization. */
function sendRaw(baseUrl: string, agent: Agent, request: HostileRequest): Promise<Answer> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      { host: base.hostname, port: base.port, method: request.method, path: request.path, agent },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.once('error', reject);
      },
    );
    // setHeader keeps names like "__proto__" as data (an object literal of headers would not).
    for (const [name, value] of request.headers) req.setHeader(name, value);
    req.once('error', (error) => {
      // After the answer, a failed write is the server closing on a body it refused: not news.
      if (!answered) reject(error);
    });
    req.end(request.body);
  });
}

function expectErrorAnswer(request: HostileRequest, answer: Answer): void {
  const what = `${request.kind}: ${request.method} ${request.path.slice(0, 120)} → ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, what).toBeGreaterThanOrEqual(400);
  expect(answer.status, what).toBeLessThan(500);
  expect(answer.contentType, what).toMatch(/^application\/json/);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    expect.fail(`not JSON: ${what}`);
  }
  expect(body, what).toEqual({
    error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) },
  });
  const { error } = body as { error: { code: string; message: string; details: unknown } };
  expect(error.code, what).not.toBe('');
  expect(Array.isArray(error.details), what).toBe(false);
  if (request.expected) {
    expect({ status: answer.status, code: error.code }, what).toEqual(request.expected);
  }
}

/** Items in the jobs table and messages (visible, in flight, delayed) on every queue. */
async function leftBehind(runtime: RuntimeProcess) {
  const output = runtime.output();
  const dynamoEndpoint = /^DynamoDB\s+(\S+)/m.exec(output)?.[1];
  const tableName = /--table-name (\S+)/.exec(output)?.[1];
  if (!dynamoEndpoint || !tableName)
    throw new Error(`no DynamoDB endpoint in the runtime's output:\n${output}`);
  const dynamo = new DynamoDBClient({
    endpoint: dynamoEndpoint,
    region: 'us-east-1',
    credentials: EMULATOR_CREDENTIALS,
  });
  const sqs = new SQSClient({
    endpoint: runtime.sqsEndpoint,
    region: 'us-east-1',
    credentials: EMULATOR_CREDENTIALS,
  });
  try {
    let records = 0;
    let startKey: Record<string, never> | undefined;
    do {
      const page = await dynamo.send(
        new ScanCommand({ TableName: tableName, Select: 'COUNT', ExclusiveStartKey: startKey }),
      );
      records += page.Count ?? 0;
      startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (startKey);
    const queueUrls = (await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? [];
    let messages = 0;
    for (const url of queueUrls) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      messages +=
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
    }
    return { records, messages, queues: queueUrls.length };
  } finally {
    dynamo.destroy();
    sqs.destroy();
  }
}

/** "JobEnqueued" in events.log or any function's log (metrics and structured logs land there). */
function jobEnqueuedLines(dir: string): number {
  const logs = path.join(dir, 'logs');
  const files = [
    path.join(dir, 'events.log'),
    ...(existsSync(logs) ? readdirSync(logs).map((f) => path.join(logs, f)) : []),
  ];
  return files
    .filter((file) => existsSync(file))
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .filter((line) => line.includes('JobEnqueued')).length;
}

function diagnostics(runtime: RuntimeProcess): string {
  const apiLog = path.join(stateDir, 'logs', 'api.log');
  const gatewayLines = runtime
    .output()
    .split('\n')
    .filter((line) => line.includes('[gateway]'));
  return [
    '--- gateway ---',
    ...gatewayLines.slice(-20),
    '--- api function output ---',
    existsSync(apiLog) ? readFileSync(apiLog, 'utf8').slice(-6_000) : '(none)',
  ].join('\n');
}
