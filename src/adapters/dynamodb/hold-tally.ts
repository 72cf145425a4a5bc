import { paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HoldTally } from '../../core/ports.ts';
import { HISTORY_RETENTION_SECONDS, HOLDS_PARTITION, type StatsTableRef } from './stats-table.ts';

const MINUTE_MS = 60_000;

/**
 * Holds counted per job type and minute in the stats table (`holds`, `<minute>#<type>`): one ADD per
 * hold by the worker. A minute is read once it is over (its end within the range), so a count is
 * never read while it may still grow: holds reach the stats at most a minute late.
 */
export function createDynamoHoldTally(table: StatsTableRef): HoldTally {
  return {
    async add(type, at) {
      const minute = new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: { pk: HOLDS_PARTITION, sk: `${minute.toISOString()}#${type}` },
          UpdateExpression: 'ADD #count :one SET expiresAt = :expires',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':expires': Math.floor(minute.getTime() / 1000) + HISTORY_RETENTION_SECONDS,
          },
        }),
      );
    },
    async read(after, until) {
      // Minutes that ended in (after, until]: they began in (after − 1 min, until − 1 min].
      const from = after.getTime() - MINUTE_MS;
      const to = until.getTime() - MINUTE_MS;
      const pages = paginateQuery(
        { client: table.client },
        {
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': HOLDS_PARTITION,
            ':from': new Date(Math.max(0, from)).toISOString(),
            ':to': `${new Date(Math.max(0, to)).toISOString()}#\uffff`,
          },
        },
      );
      const byType: Record<string, number> = {};
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const sk = String(item.sk);
          const start = Date.parse(sk.slice(0, sk.indexOf('#')));
          if (!(start > from && start <= to)) continue;
          const type = sk.slice(sk.indexOf('#') + 1);
          byType[type] = (byType[type] ?? 0) + Number(item.count ?? 0);
        }
      }
      return byType;
    },
  };
}
