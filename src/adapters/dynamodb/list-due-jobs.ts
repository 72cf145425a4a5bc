import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DueJob } from '../../core/ports.ts';
import { type JobsTableRef, SCHEDULED_INDEX } from './jobs-table.ts';

/** Scheduled jobs due by `until`, soonest first, from the sparse scheduled index: reads only those. */
export async function listDueJobs(table: JobsTableRef, until: Date, limit: number): Promise<DueJob[]> {
  const due: DueJob[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: SCHEDULED_INDEX.name,
        KeyConditionExpression: '#partition = :partition AND #runAt <= :until',
        ExpressionAttributeNames: {
          '#partition': SCHEDULED_INDEX.partitionKey,
          '#runAt': SCHEDULED_INDEX.sortKey,
        },
        ExpressionAttributeValues: { ':partition': SCHEDULED_INDEX.partition, ':until': until.toISOString() },
        Limit: limit - due.length,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? [])
      due.push({ id: String(item.id), type: String(item.type), runAt: String(item.runAt) });
    start = page.LastEvaluatedKey;
  } while (start && due.length < limit);
  return due;
}
