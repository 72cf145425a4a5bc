import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Job } from '../../core/job.ts';
import { toJobItem } from './job-item.ts';
import type { JobsTableRef } from './jobs-table.ts';

/** DynamoDB takes at most 25 puts per BatchWriteItem. */
const MAX_ITEMS = 25;
/** Unprocessed items (throttling) are sent again this many times, after 50, 100, 200 ms. */
const RETRIES = 3;

/**
 * BatchWriteItem in 25s. Items DynamoDB hands back unprocessed are retried with a short backoff;
 * those still unwritten are reported, so the caller refuses exactly those jobs. A failed request
 * rejects: its items' fate is unknown, and the caller removes them.
 */
export async function createJobs(table: JobsTableRef, jobs: readonly Job[]): Promise<{ failed: string[] }> {
  const failed: string[] = [];
  for (let start = 0; start < jobs.length; start += MAX_ITEMS) {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = jobs
      .slice(start, start + MAX_ITEMS)
      .map((job) => ({ PutRequest: { Item: { ...toJobItem(job) } } }));
    for (let retry = 0; requests.length > 0; retry++) {
      const { UnprocessedItems } = await table.client.send(
        new BatchWriteCommand({ RequestItems: { [table.tableName]: requests } }),
      );
      const left = (UnprocessedItems?.[table.tableName] ?? []).flatMap((request) =>
        request.PutRequest?.Item ? [{ PutRequest: { Item: request.PutRequest.Item } }] : [],
      );
      if (left.length === 0) break;
      if (retry === RETRIES) {
        failed.push(...left.map((request) => String(request.PutRequest.Item.id)));
        break;
      }
      await sleep(50 * 2 ** retry);
      requests = left;
    }
  }
  return { failed };
}
