import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { type Item, indexWrites, type TableModel } from './hotkeys/index-writes.ts';
import { keyLocks } from './hotkeys/key-locks.ts';
import { deployedTableModels } from './hotkeys/table-models.ts';

export interface WriteCounterOptions {
  /**
   * The keys and indexes of the table a write goes to. By default the deployed stats table's for a
   * key with its `pk` and `sk`, else the deployed jobs table's (src/cdk/constructs/jobs-table.ts).
   */
  readonly tableModel?: (tableName: string, key: Item) => TableModel;
}

/** One item a write request writes (a batch or a transaction writes several). */
interface ItemWrite {
  readonly table: string;
  readonly key: Item;
  /** `<table>:<key attribute>=<value>,…`: how the counts name the item. */
  readonly name: string;
  readonly model: TableModel;
  readonly kind: 'put' | 'update' | 'delete';
  /** A put's item: the item after the write. */
  readonly item?: Item;
  /** An update that returns the whole item after it (ReturnValues ALL_NEW). */
  readonly returnsNew?: boolean;
}

/**
 * A middleware on the document client counting writes per item key, per table partition (tables
 * with a sort key: items of one partition key value share it) and per partition of every global
 * secondary index. An item write is counted whether or not its condition held (DynamoDB charges a
 * refused conditional write to the item's partition too); index writes only for what the write
 * changed, from the item as it was and as it is after (indexWrites): the middleware keeps the last
 * image of each item it saw written, and reads one it has not seen, or that an update without
 * ALL_NEW changed, with a consistent GetItem (not counted as a write). Writes to one item are taken
 * one at a time for that, which DynamoDB does per item anyway.
 */
export function countWritesPerKey(dynamo: DynamoDBDocumentClient, options: WriteCounterOptions = {}) {
  const perKey = new Map<string, number>();
  const perIndexPartition = new Map<string, number>();
  const perTablePartition = new Map<string, number>();
  /** The item after the last counted write (null: none), by item name. */
  const images = new Map<string, Item | null>();
  const withKeys = keyLocks();
  let models: ReturnType<typeof deployedTableModels> | undefined;
  const modelOf =
    options.tableModel ??
    ((_table: string, key: Item): TableModel => {
      models ??= deployedTableModels();
      const { stats, jobs } = models;
      return key[stats.partitionKey] !== undefined && key[stats.sortKey ?? ''] !== undefined ? stats : jobs;
    });
  let enabled = false;
  const state = {
    /** Counting on; turning it on forgets the images kept (writes made while off were not seen). */
    get enabled() {
      return enabled;
    },
    set enabled(on: boolean) {
      if (on && !enabled) images.clear();
      enabled = on;
    },
    /** Items the Query requests read (ScannedCount), always counted. */
    scanned: 0,
    /** Item writes refused by their condition (counted above all the same). */
    refused: 0,
    reset() {
      perKey.clear();
      perIndexPartition.clear();
      perTablePartition.clear();
      images.clear();
      state.refused = 0;
    },
    top(n: number): [string, number][] {
      return sorted(perKey).slice(0, n);
    },
    maxWhere(match: (key: string) => boolean): number {
      return Math.max(0, ...[...perKey].filter(([k]) => match(k)).map(([, n]) => n));
    },
    /** Index partitions, `<index> <attribute>=<value>`, most written first. */
    indexTop(): [string, number][] {
      return sorted(perIndexPartition);
    },
    /** Partitions of tables with a sort key, `<table>:<attribute>=<value>`, most written first. */
    partitionTop(): [string, number][] {
      return sorted(perTablePartition);
    },
    /** The item as the last counted write left it (undefined: not seen, or deleted). */
    imageOf(key: string): Item | undefined {
      return images.get(key) ?? undefined;
    },
  };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const read = async (write: ItemWrite): Promise<Item | undefined> => {
    const { Item: found } = await dynamo.send(
      new GetCommand({ TableName: write.table, Key: { ...write.key }, ConsistentRead: true }),
    );
    return found;
  };
  const before = async (write: ItemWrite): Promise<Item | undefined> => {
    const known = images.get(write.name);
    if (known !== undefined) return known ?? undefined;
    return read(write);
  };
  const count = async (write: ItemWrite, was: Item | undefined, output: Record<string, unknown>) => {
    bump(perKey, write.name);
    const { model } = write;
    if (model.sortKey !== undefined)
      bump(
        perTablePartition,
        `${write.table}:${model.partitionKey}=${String(write.key[model.partitionKey])}`,
      );
    if (model.indexes.length === 0) return;
    const after =
      write.kind === 'put'
        ? write.item
        : write.kind === 'delete'
          ? undefined
          : write.returnsNew
            ? (output.Attributes as Item | undefined)
            : await read(write);
    for (const { index, partition } of indexWrites(model, was, after))
      bump(perIndexPartition, `${index} ${partition}`);
    images.set(write.name, after ?? null);
  };
  const middleware: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const writes = enabled
      ? itemWritesOf(String(context.commandName), args.input as Record<string, unknown>, modelOf)
      : [];
    if (writes.length === 0) {
      const result = await next(args);
      if (context.commandName === 'QueryCommand')
        state.scanned += Number((result.output as { ScannedCount?: number }).ScannedCount ?? 0);
      return result;
    }
    return withKeys(
      writes.map((write) => write.name),
      async () => {
        const was = await Promise.all(
          writes.map((write) => (write.model.indexes.length > 0 ? before(write) : undefined)),
        );
        let result: Awaited<ReturnType<typeof next>>;
        try {
          result = await next(args);
        } catch (error) {
          if (isRefused(error)) {
            for (const write of writes) bump(perKey, write.name);
            state.refused += writes.length;
          }
          throw error;
        }
        const output = result.output as unknown as Record<string, unknown>;
        const unprocessed = unprocessedNames(output, modelOf);
        await Promise.all(
          writes.map((write, i) => (unprocessed.has(write.name) ? undefined : count(write, was[i], output))),
        );
        return result;
      },
    );
  };
  dynamo.middlewareStack.add(middleware, { step: 'initialize', name: 'countWritesPerKey' });
  return state;
}

function sorted(map: Map<string, number>): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1]);
}

function isRefused(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException')
  );
}

type ModelOf = (table: string, key: Item) => TableModel;

function itemName(table: string, model: TableModel, key: Item): string {
  const attributes = [model.partitionKey, ...(model.sortKey ? [model.sortKey] : [])];
  return `${table}:${attributes.map((a) => `${a}=${String(key[a])}`).join(',')}`;
}

function keyOf(model: TableModel, item: Item): Item {
  return Object.fromEntries(
    [model.partitionKey, ...(model.sortKey ? [model.sortKey] : [])].map((a) => [a, item[a]]),
  );
}

function itemWrite(
  modelOf: ModelOf,
  table: string,
  kind: ItemWrite['kind'],
  keyOrItem: Item,
  returnsNew = false,
): ItemWrite {
  const model = modelOf(table, keyOrItem);
  const key = keyOf(model, keyOrItem);
  return {
    table,
    key,
    name: itemName(table, model, key),
    model,
    kind,
    ...(kind === 'put' ? { item: keyOrItem } : {}),
    ...(returnsNew ? { returnsNew } : {}),
  };
}

interface WriteRequest {
  readonly PutRequest?: { readonly Item?: Item };
  readonly DeleteRequest?: { readonly Key?: Item };
}

interface TransactItem {
  readonly Put?: { readonly TableName?: string; readonly Item?: Item };
  readonly Update?: { readonly TableName?: string; readonly Key?: Item };
  readonly Delete?: { readonly TableName?: string; readonly Key?: Item };
}

/** The items a request writes: none for a read. */
function itemWritesOf(command: string, input: Record<string, unknown>, modelOf: ModelOf): ItemWrite[] {
  const table = String(input.TableName ?? '');
  switch (command) {
    case 'PutItemCommand':
    case 'PutCommand':
      return [itemWrite(modelOf, table, 'put', input.Item as Item)];
    case 'UpdateItemCommand':
    case 'UpdateCommand':
      return [itemWrite(modelOf, table, 'update', input.Key as Item, input.ReturnValues === 'ALL_NEW')];
    case 'DeleteItemCommand':
    case 'DeleteCommand':
      return [itemWrite(modelOf, table, 'delete', input.Key as Item)];
    case 'BatchWriteItemCommand':
    case 'BatchWriteCommand':
      return Object.entries((input.RequestItems ?? {}) as Record<string, readonly WriteRequest[]>).flatMap(
        ([t, requests]) =>
          requests.flatMap((r) => {
            if (r.PutRequest?.Item) return [itemWrite(modelOf, t, 'put', r.PutRequest.Item)];
            if (r.DeleteRequest?.Key) return [itemWrite(modelOf, t, 'delete', r.DeleteRequest.Key)];
            return [];
          }),
      );
    case 'TransactWriteItemsCommand':
    case 'TransactWriteCommand':
      // ConditionCheck items write nothing; the others each write their item.
      return ((input.TransactItems ?? []) as readonly TransactItem[]).flatMap((t) => {
        if (t.Put?.Item) return [itemWrite(modelOf, String(t.Put.TableName), 'put', t.Put.Item)];
        if (t.Update?.Key) return [itemWrite(modelOf, String(t.Update.TableName), 'update', t.Update.Key)];
        if (t.Delete?.Key) return [itemWrite(modelOf, String(t.Delete.TableName), 'delete', t.Delete.Key)];
        return [];
      });
    default:
      return [];
  }
}

/** The items a batch write handed back unwritten (they are sent again, and counted then). */
function unprocessedNames(output: Record<string, unknown>, modelOf: ModelOf): Set<string> {
  const names = new Set<string>();
  for (const [table, requests] of Object.entries(
    (output.UnprocessedItems ?? {}) as Record<string, readonly WriteRequest[]>,
  )) {
    for (const r of requests) {
      const keyOrItem = r.PutRequest?.Item ?? r.DeleteRequest?.Key;
      if (!keyOrItem) continue;
      const model = modelOf(table, keyOrItem);
      names.add(itemName(table, model, keyOf(model, keyOrItem)));
    }
  }
  return names;
}
