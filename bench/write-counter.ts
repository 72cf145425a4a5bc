import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';

/** A middleware on the document client counting writes per item key (and per byStatus partition). */
export function countWritesPerKey(dynamo: DynamoDBDocumentClient) {
  const perKey = new Map<string, number>();
  const perIndexPartition = new Map<string, number>();
  const state = {
    enabled: false,
    /** Items the Query requests read (ScannedCount), always counted. */
    scanned: 0,
    reset() {
      perKey.clear();
      perIndexPartition.clear();
    },
    top(n: number): [string, number][] {
      return [...perKey].sort((a, b) => b[1] - a[1]).slice(0, n);
    },
    maxWhere(match: (key: string) => boolean): number {
      return Math.max(0, ...[...perKey].filter(([k]) => match(k)).map(([, n]) => n));
    },
    indexTop(): [string, number][] {
      return [...perIndexPartition].sort((a, b) => b[1] - a[1]);
    },
  };
  const keyOf = (item: Record<string, unknown>) =>
    ['id', 'pk', 'sk']
      .filter((k) => item[k] !== undefined)
      .map((k) => `${k}=${String(item[k])}`)
      .join(',');
  const count = (table: string, key: Record<string, unknown>, status?: unknown) => {
    const k = `${table}:${keyOf(key)}`;
    perKey.set(k, (perKey.get(k) ?? 0) + 1);
    if (typeof status === 'string') {
      const p = `status=${status}`;
      perIndexPartition.set(p, (perIndexPartition.get(p) ?? 0) + 1);
    }
  };
  const middleware: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    if (state.enabled) {
      const input = args.input as Record<string, unknown>;
      const table = String(input.TableName ?? '');
      const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
      const setStatus = /#status = (:\w+)/.exec(String(input.UpdateExpression ?? ''))?.[1];
      switch (context.commandName) {
        case 'PutItemCommand': {
          const item = input.Item as Record<string, unknown>;
          count(table, item, item.status);
          break;
        }
        case 'UpdateItemCommand':
          count(table, input.Key as Record<string, unknown>, setStatus ? values[setStatus] : undefined);
          break;
        case 'DeleteItemCommand':
          count(table, input.Key as Record<string, unknown>);
          break;
        case 'BatchWriteItemCommand':
          for (const [t, requests] of Object.entries(
            input.RequestItems as Record<
              string,
              Record<string, { Item?: Record<string, unknown>; Key?: Record<string, unknown> }>[]
            >,
          )) {
            for (const r of requests) {
              const item = r.PutRequest?.Item ?? r.DeleteRequest?.Key;
              if (item) count(t, item, r.PutRequest?.Item?.status);
            }
          }
          break;
      }
    }
    const result = await next(args);
    if (context.commandName === 'QueryCommand')
      state.scanned += Number((result.output as { ScannedCount?: number }).ScannedCount ?? 0);
    return result;
  };
  dynamo.middlewareStack.add(middleware, { step: 'initialize', name: 'countWritesPerKey' });
  return state;
}
