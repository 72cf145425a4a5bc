import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueModel } from '../template/storage.ts';
import type { Provisioned } from './tables.ts';

/** Attributes SQS fixes at creation. */
const CREATE_ONLY = new Set(['FifoQueue']);

/**
 * Creates the queue, or brings an existing one in line with the template (a changed
 * maxReceiveCount or visibility timeout applies on the next start, as a deploy would apply it).
 * Returns the queue URL on the SQS endpoint the handlers are given.
 */
export async function provisionQueue(
  client: SQSClient,
  queue: QueueModel,
  endpoint: string,
): Promise<{ url: string; provisioned: Provisioned }> {
  const existing = await queueUrl(client, queue.name);
  if (existing) {
    const attributes = Object.fromEntries(
      Object.entries(queue.attributes).filter(([key]) => !CREATE_ONLY.has(key)),
    );
    // A RedrivePolicy dropped from the template must be dropped here too; "" clears it.
    attributes.RedrivePolicy ??= '';
    await client.send(new SetQueueAttributesCommand({ QueueUrl: existing, Attributes: attributes }));
    return { url: onEndpoint(existing, endpoint), provisioned: 'kept' };
  }
  const created = await client.send(
    new CreateQueueCommand({ QueueName: queue.name, Attributes: { ...queue.attributes } }),
  );
  if (!created.QueueUrl) throw new Error(`CreateQueue for ${queue.name} returned no QueueUrl.`);
  return { url: onEndpoint(created.QueueUrl, endpoint), provisioned: 'created' };
}

async function queueUrl(client: SQSClient, name: string): Promise<string | undefined> {
  try {
    return (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    if (error instanceof QueueDoesNotExist) return undefined;
    throw error;
  }
}

/**
 * fauxqs answers URLs like http://sqs.us-east-1.localhost:4566/000000000000/name, whose host does
 * not resolve everywhere and whose port is the one the queue was first created on. The SDK sends a
 * request to the QueueUrl's host whenever it differs from the endpoint, so hand out the same path
 * on the live endpoint instead; fauxqs finds queues by name either way.
 */
export function onEndpoint(url: string, endpoint: string): string {
  return new URL(new URL(url).pathname, endpoint).toString();
}
