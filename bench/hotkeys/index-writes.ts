/**
 * Which partitions of a table and its global secondary indexes one item write lands on, from the
 * item as it was and as it is after the write. Pure, so the rule is unit-tested on its own
 * (test/unit/bench/hotkeys-index-writes.test.ts).
 */

/** A stored item as the document client reads it (Sets for string sets, numbers as numbers). */
export type Item = Readonly<Record<string, unknown>>;

export interface IndexModel {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  /** ALL, KEYS_ONLY, or INCLUDE with `nonKeyAttributes`. */
  readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly nonKeyAttributes?: readonly string[];
}

/** A table's key schema and its global secondary indexes. */
export interface TableModel {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly indexes: readonly IndexModel[];
}

/** An index partition that received one write: the index and its partition key's value. */
export interface IndexPartitionWrite {
  readonly index: string;
  readonly partition: string;
}

/**
 * The index writes DynamoDB makes for one item write, one entry per write (an index partition may
 * appear twice). An item is in an index when it has the index's key attributes. Entering it is one
 * write to the new partition, leaving it one to the old; a change of either index key attribute is
 * a delete from the old place and a put in the new one (two writes, on two partitions when the
 * partition key changed); an item that stays with the same keys costs a write only when an
 * attribute the index projects changed.
 */
export function indexWrites(
  table: TableModel,
  before: Item | undefined,
  after: Item | undefined,
): IndexPartitionWrite[] {
  const writes: IndexPartitionWrite[] = [];
  for (const index of table.indexes) {
    const was = indexKeyOf(index, before);
    const is = indexKeyOf(index, after);
    const write = (key: IndexKey) => writes.push({ index: index.name, partition: key.partition });
    if (!was && !is) continue;
    if (!was && is) write(is);
    else if (was && !is) write(was);
    else if (was && is) {
      if (was.partition !== is.partition || was.sort !== is.sort) {
        write(was);
        write(is);
      } else if (projectedChanged(table, index, before, after)) write(is);
    }
  }
  return writes;
}

interface IndexKey {
  /** `attribute=value`, e.g. `status=pending`. */
  readonly partition: string;
  readonly sort: string | undefined;
}

function indexKeyOf(index: IndexModel, item: Item | undefined): IndexKey | undefined {
  if (!item) return undefined;
  const partition = item[index.partitionKey];
  if (!isKeyValue(partition)) return undefined;
  // An item without the index's sort key attribute is not in the index at all.
  const sort = index.sortKey === undefined ? undefined : item[index.sortKey];
  if (index.sortKey !== undefined && !isKeyValue(sort)) return undefined;
  return {
    partition: `${index.partitionKey}=${String(partition)}`,
    sort: sort === undefined ? undefined : String(sort),
  };
}

function isKeyValue(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

/** Whether an attribute the index holds (its keys, the table's keys, its projection) differs. */
function projectedChanged(
  table: TableModel,
  index: IndexModel,
  before: Item | undefined,
  after: Item | undefined,
) {
  const names =
    index.projection === 'ALL'
      ? new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
      : new Set([
          table.partitionKey,
          ...(table.sortKey ? [table.sortKey] : []),
          index.partitionKey,
          ...(index.sortKey ? [index.sortKey] : []),
          ...(index.projection === 'INCLUDE' ? (index.nonKeyAttributes ?? []) : []),
        ]);
  return [...names].some((name) => !sameValue(before?.[name], after?.[name]));
}

/** Deep equality of stored values: a Set equals a Set of the same members in any order. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(normalised(value)) ?? 'undefined';
}

function normalised(value: unknown): unknown {
  if (value instanceof Set) return { $set: [...value].map((v) => canonical(v)).sort() };
  if (Array.isArray(value)) return value.map(normalised);
  if (value instanceof Uint8Array) return { $binary: Buffer.from(value).toString('base64') };
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, normalised(v)]));
  }
  return value;
}
