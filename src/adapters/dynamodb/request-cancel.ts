import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CancelResult } from '../../core/ports.ts';
import { getJob } from './get-job.ts';
import { HELD_BACK_ATTRIBUTES } from './hold-back-job.ts';
import { fromJobItem } from './job-item.ts';
import { isConditionFailed, type JobsTableRef, SCHEDULED_INDEX } from './jobs-table.ts';
import { statusCondition } from './status-condition.ts';

/**
 * A scheduled or pending job is canceled on the spot (its message will find it canceled and be acknowledged);
 * a running one gets a cancel request its worker sees at the next heartbeat.
 */
export async function requestCancel(table: JobsTableRef, id: string, now: Date): Promise<CancelResult> {
  const at = now.toISOString();
  const attempt = async (
    update: string,
    from: { expression: string; values: Record<string, string> },
    values: Record<string, unknown>,
  ) => {
    try {
      const { Attributes } = await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: { id },
          UpdateExpression: update,
          ConditionExpression: from.expression,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...from.values, ':at': at, ...values },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? fromJobItem(Attributes) : undefined;
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  };
  const canceled = await attempt(
    `SET #status = :canceled, finishedAt = :at, updatedAt = :at REMOVE nextAttemptAt, ${SCHEDULED_INDEX.partitionKey}, ${HELD_BACK_ATTRIBUTES.join(', ')}`,
    statusCondition('cancelBeforeStart'),
    { ':canceled': 'canceled' },
  );
  if (canceled) return { kind: 'canceled', job: canceled };
  // Not a move: the running job's worker sees the request at its next heartbeat and stops.
  const requested = await attempt(
    'SET cancelRequestedAt = :at, updatedAt = :at',
    { expression: '#status = :running', values: { ':running': 'running' } },
    {},
  );
  if (requested) return { kind: 'requested', job: requested };
  const job = await getJob(table, id);
  if (!job) return { kind: 'missing' };
  // It moved between the two writes (a pending job got claimed): ask once more.
  if (job.status === 'scheduled' || job.status === 'pending' || job.status === 'running')
    return requestCancel(table, id, now);
  return { kind: 'finished', job };
}
