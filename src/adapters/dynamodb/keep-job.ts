import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TERMINAL_STATUSES } from '../../core/status.ts';
import { expirySet } from './expiry.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

const FINALS = Object.fromEntries(TERMINAL_STATUSES.map((status, i) => [`:final${i}`, status]));
const FINAL = `#status IN (${Object.keys(FINALS).join(', ')})`;

/** A finished job kept for unfinished dependents: they join `keptBy`, and its TTL is taken away. */
export async function keepJob(table: JobsTableRef, id: string, dependents: readonly string[]): Promise<void> {
  if (dependents.length === 0) return;
  await updateIf(table, {
    Key: { id },
    UpdateExpression: 'ADD keptBy :dependents REMOVE expiresAt',
    ConditionExpression: FINAL,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':dependents': new Set(dependents), ...FINALS },
  });
}

/**
 * A dependent finished. When it was the only keeper (the usual case) one write takes it off and
 * gives the job its expiry back. Otherwise it is deleted from the set; DynamoDB drops a set that a
 * DELETE empties, so when a racing keeper left meanwhile `keptBy` is gone and a second write sets
 * the expiry.
 */
export async function unkeepJob(
  table: JobsTableRef,
  id: string,
  dependent: string,
  expiresAt: Date,
): Promise<void> {
  const expiry = expirySet(expiresAt);
  const alone = await updateIf(table, {
    Key: { id },
    UpdateExpression: `REMOVE keptBy SET ${expiry.set.slice(2)}`,
    ConditionExpression: `${FINAL} AND size(keptBy) = :one AND contains(keptBy, :dependent) AND attribute_not_exists(expiresAt)`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':one': 1, ':dependent': dependent, ...expiry.values, ...FINALS },
  });
  if (alone) return;
  const kept = await updateIf(table, {
    Key: { id },
    UpdateExpression: 'DELETE keptBy :dependent',
    ConditionExpression: 'attribute_exists(keptBy)',
    ExpressionAttributeValues: { ':dependent': new Set([dependent]) },
  });
  if (!kept) return;
  await updateIf(table, {
    Key: { id },
    UpdateExpression: `SET ${expiry.set.slice(2)}`,
    ConditionExpression: `${FINAL} AND attribute_not_exists(keptBy) AND attribute_not_exists(expiresAt)`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ...expiry.values, ...FINALS },
  });
}

/** One conditional update; false when its condition did not hold. */
async function updateIf(
  table: JobsTableRef,
  input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>,
): Promise<boolean> {
  try {
    await table.client.send(new UpdateCommand({ TableName: table.tableName, ...input }));
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
