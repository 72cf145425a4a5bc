import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { JobSummary } from '../../core/ports.ts';
import type { JobsTableRef } from './jobs-table.ts';

/** BatchGetItem reads at most 100 keys a request. */
const MAX_KEYS = 100;
const MAX_ROUNDS = 5;

/**
 * Adds `runAt` to summaries read from the byStatus index, which does not project it (an index's
 * projection cannot change once deployed). Used for scheduled jobs only, whose listing is about when
 * they run: one BatchGetItem of two small attributes per page.
 */
export async function withRunAt(table: JobsTableRef, jobs: readonly JobSummary[]): Promise<JobSummary[]> {
  const runAts = new Map<string, string>();
  for (let start = 0; start < jobs.length; start += MAX_KEYS) {
    let keys: Record<string, unknown>[] | undefined = jobs
      .slice(start, start + MAX_KEYS)
      .map(({ id }) => ({ id }));
    for (let round = 0; keys && keys.length > 0 && round < MAX_ROUNDS; round += 1) {
      const response: BatchGetCommandOutput = await table.client.send(
        new BatchGetCommand({
          RequestItems: { [table.tableName]: { Keys: keys, ProjectionExpression: 'id, runAt' } },
        }),
      );
      for (const item of response.Responses?.[table.tableName] ?? [])
        if (typeof item.runAt === 'string') runAts.set(String(item.id), item.runAt);
      keys = response.UnprocessedKeys?.[table.tableName]?.Keys;
    }
  }
  return jobs.map((job) => {
    const runAt = runAts.get(job.id);
    return runAt ? { ...job, runAt } : job;
  });
}
