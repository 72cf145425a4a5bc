import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { onEndpoint } from './provision/queues.ts';
import type { Provisioned } from './provision/tables.ts';
import type { LocalQueue, QueueDepth } from './runtime-types.ts';
import type { StackModel } from './template/model.ts';

/**
 * The stack's queues as the runtime reports them, each with its role (feeds a function, or takes
 * dead letters) and its URL on `endpoint`, the one users are given.
 */
export function localQueues(
  model: StackModel,
  outcomes: ReadonlyMap<string, Provisioned>,
  endpoint: string,
): LocalQueue[] {
  const deadLetterQueues = new Set(
    model.queues.flatMap((queue) => (queue.deadLetterQueue ? [queue.deadLetterQueue] : [])),
  );
  const sources = new Set(model.eventSources.map((mapping) => mapping.queueLogicalId));
  return model.queues.map((queue) => ({
    logicalId: queue.logicalId,
    name: queue.name,
    url: onEndpoint(model.physical.ref(queue.logicalId), endpoint),
    arn: queue.arn,
    provisioned: outcomes.get(queue.logicalId) ?? 'kept',
    deadLetterQueue: queue.deadLetterQueue,
    maxReceiveCount: queue.maxReceiveCount,
    visibilityTimeoutSeconds: Number(queue.attributes.VisibilityTimeout),
    role: sources.has(queue.logicalId) ? 'queue' : deadLetterQueues.has(queue.logicalId) ? 'dlq' : 'other',
  }));
}

/** How many messages wait, are being worked on, or are delayed, per queue (for the status line). */
export async function queueDepths(sqs: SQSClient, queues: readonly LocalQueue[]): Promise<QueueDepth[]> {
  return Promise.all(
    queues.map(async (queue) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
            'ApproximateNumberOfMessagesDelayed',
          ],
        }),
      );
      return {
        logicalId: queue.logicalId,
        role: queue.role,
        visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
        delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
      };
    }),
  );
}
