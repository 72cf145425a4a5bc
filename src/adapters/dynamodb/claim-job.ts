import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { classifyUnclaimable } from '../../core/claim.ts';
import { LIFECYCLE } from '../../core/lifecycle.ts';
import type { ClaimOptions, ClaimResult } from '../../core/ports.ts';
import { getJob } from './get-job.ts';
import { HELD_BACK_ATTRIBUTES } from './hold-back-job.ts';
import { fromJobItem } from './job-item.ts';
import { isConditionFailed, type JobsTableRef } from './jobs-table.ts';

/**
 * pending (or running with a lapsed lease) → running, attempts + 1, a new lease and a new entry in
 * the attempt history, in one conditional write that returns the whole job so the worker needs no
 * extra read. Only when the condition fails
 * (a duplicate, a finished job) is the job read, to say why.
 */
export async function claimJob(
  table: JobsTableRef,
  id: string,
  now: Date,
  leaseUntil: Date,
  options: ClaimOptions = {},
): Promise<ClaimResult> {
  const at = now.toISOString();
  const { workerId } = options;
  // The instance that runs this attempt, or none: an id left by an earlier attempt would be wrong.
  const worker = workerId ? { set: ', workerId = :worker', remove: '' } : { set: '', remove: ', workerId' };
  try {
    const { Attributes } = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { id },
        UpdateExpression:
          `SET #status = :running, startedAt = :at, updatedAt = :at, leaseExpiresAt = :lease${worker.set}, ` +
          'history = list_append(if_not_exists(history, :noHistory), :entry) ' +
          `REMOVE nextAttemptAt, progress, ${HELD_BACK_ATTRIBUTES.join(', ')}${worker.remove} ADD attempts :one`,
        ConditionExpression:
          'attribute_exists(id) AND attempts < maxAttempts AND attribute_not_exists(cancelRequestedAt) AND ' +
          // Never before its start (isDue): ISO-8601 UTC instants compare as strings.
          '(attribute_not_exists(runAt) OR runAt <= :at) AND ' +
          `(${CLAIMABLE_FROM.expression})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':running': 'running',
          ...CLAIMABLE_FROM.values,
          ':at': at,
          ':lease': leaseUntil.toISOString(),
          ':one': 1,
          ':noHistory': [],
          ':entry': [{ startedAt: at, ...(workerId ? { workerId } : {}) }],
          ...(workerId ? { ':worker': workerId } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    if (!Attributes) throw new Error(`UpdateItem returned no attributes for job ${id}`);
    return { kind: 'claimed', job: fromJobItem(Attributes) };
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    return classifyUnclaimable(await getJob(table, id), now);
  }
}

/**
 * The statuses the lifecycle's claim starts from, as a condition: from `running` only once the
 * attempt's lease lapsed (isClaimable's rule, in src/core/claim.ts). Built once: the table is fixed.
 */
const CLAIMABLE_FROM = claimCondition();

function claimCondition(): { expression: string; values: Record<string, string> } {
  const values: Record<string, string> = {};
  const alternatives = LIFECYCLE.claim.from.map((status, i) => {
    values[`:claimFrom${i}`] = status;
    return status === 'running'
      ? `(#status = :claimFrom${i} AND leaseExpiresAt <= :at)`
      : `#status = :claimFrom${i}`;
  });
  return { expression: alternatives.join(' OR '), values };
}
