import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { JobsTableRef } from './jobs-table.ts';

/** DynamoDB reads at most 100 keys per BatchGetItem. */
const MAX_KEYS = 100;

/**
 * Items of the jobs table by id, strongly consistent, 100 keys a request; keys DynamoDB hands back
 * unprocessed are asked again after a short pause. Missing ones are left out, in no order.
 */
export async function getItems(
  table: JobsTableRef,
  ids: readonly string[],
): Promise<Record<string, unknown>[]> {
  const unique = [...new Set(ids)];
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < unique.length; start += MAX_KEYS) {
    let keys: Record<string, unknown>[] = unique.slice(start, start + MAX_KEYS).map((id) => ({ id }));
    for (let retry = 0; keys.length > 0; retry++) {
      const { Responses, UnprocessedKeys } = await table.client.send(
        new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      items.push(...(Responses?.[table.tableName] ?? []));
      keys = UnprocessedKeys?.[table.tableName]?.Keys ?? [];
      if (keys.length > 0) await sleep(Math.min(1_000, 50 * 2 ** retry));
    }
  }
  return items;
}
