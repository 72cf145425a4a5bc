import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../../local/aws-clients.ts';
import { type LocalRuntime, startRuntime } from '../../../local/runtime.ts';
import { synthesize } from '../../../local/synth.ts';
import type { Template } from '../../../local/template/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let workDir: string;
let plain: string;
let tuned: string;
const logs: string[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'sqs-jobs-runtime-'));
  plain = path.join(workDir, 'plain.out');
  tuned = path.join(workDir, 'tuned.out');
  // Both at once: each synth is mostly waiting on esbuild and the CDK CLI.
  await Promise.all([
    synthesize(ROOT, plain),
    synthesize(ROOT, tuned, [
      ['maxReceiveCount', '7'],
      ['workerBatchSize', '3'],
    ]),
  ]);
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function start(cdkOut: string): Promise<LocalRuntime> {
  return startRuntime({
    projectRoot: ROOT,
    cdkOut,
    stateDir: path.join(workDir, 'state'),
    port: 0,
    dynamodbPort: 0,
    sqsPort: 0,
    schedules: false,
    log: (line) => logs.push(line),
  });
}

/** What the template itself says about the job queue and the worker's event source. */
async function templateSettings(cdkOut: string) {
  const template = JSON.parse(await readFile(path.join(cdkOut, 'SqsJobs.template.json'), 'utf8')) as Template;
  const resources = Object.values(template.Resources);
  const queue = resources.find(
    (r) => r.Type === 'AWS::SQS::Queue' && r.Properties?.RedrivePolicy,
  )?.Properties;
  const mapping = resources.find((r) => r.Type === 'AWS::Lambda::EventSourceMapping')?.Properties;
  return {
    maxReceiveCount: (queue?.RedrivePolicy as { maxReceiveCount: number } | undefined)?.maxReceiveCount,
    visibilityTimeout: queue?.VisibilityTimeout as number,
    batchSize: mapping?.BatchSize as number,
  };
}

async function queueAttributes(runtime: LocalRuntime, role: 'queue' | 'dlq') {
  const queue = runtime.resources.queues.find((q) => q.role === role);
  const sqs = new SQSClient({
    region: runtime.region,
    endpoint: runtime.endpoints.sqs,
    credentials: LOCAL_CREDENTIALS,
  });
  try {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue?.url, AttributeNames: ['All'] }),
    );
    return { sqs, url: queue?.url ?? '', attributes: Attributes };
  } finally {
    sqs.destroy();
  }
}

describe('the whole runtime on a synthesized stack', () => {
  it('provisions queues and the event source exactly as the template says', async () => {
    const expected = await templateSettings(plain);
    const runtime = await start(plain);
    try {
      const { attributes } = await queueAttributes(runtime, 'queue');
      expect(JSON.parse(attributes.RedrivePolicy ?? '{}').maxReceiveCount).toBe(expected.maxReceiveCount);
      expect(Number(attributes.VisibilityTimeout)).toBe(expected.visibilityTimeout);
      expect(runtime.eventSources[0]?.batchSize).toBe(expected.batchSize);
      expect(runtime.resources.queues.every((q) => q.provisioned === 'created')).toBe(true);

      // Unknown routes answer with the stack's own MISSING_AUTHENTICATION_TOKEN response.
      const response = await fetch(`${runtime.apiUrl}/no/such/route`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('NotFound');

      // Leave a message in the DLQ (nothing consumes it) to see it survive the restart.
      const dlq = runtime.resources.queues.find((q) => q.role === 'dlq');
      const sqs = new SQSClient({
        region: runtime.region,
        endpoint: runtime.endpoints.sqs,
        credentials: LOCAL_CREDENTIALS,
      });
      await sqs.send(new SendMessageCommand({ QueueUrl: dlq?.url, MessageBody: 'survives restarts' }));
      sqs.destroy();
    } finally {
      await runtime.stop();
    }
  });

  it('follows a re-synthesized stack on restart, keeping the data', async () => {
    const expected = await templateSettings(tuned);
    expect([expected.maxReceiveCount, expected.batchSize]).toEqual([7, 3]);
    const runtime = await start(tuned);
    try {
      const { attributes } = await queueAttributes(runtime, 'queue');
      expect(JSON.parse(attributes.RedrivePolicy ?? '{}').maxReceiveCount).toBe(7);
      expect(runtime.eventSources[0]?.batchSize).toBe(3);
      expect(runtime.resources.queues.every((q) => q.provisioned === 'kept')).toBe(true);
      expect(runtime.resources.tables.every((t) => t.provisioned === 'kept')).toBe(true);

      const dlq = runtime.resources.queues.find((q) => q.role === 'dlq');
      const sqs = new SQSClient({
        region: runtime.region,
        endpoint: runtime.endpoints.sqs,
        credentials: LOCAL_CREDENTIALS,
      });
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlq?.url, WaitTimeSeconds: 1 }),
      );
      sqs.destroy();
      expect(Messages.map((m) => m.Body)).toEqual(['survives restarts']);
    } finally {
      await runtime.stop();
    }
  });
});
