import type { Message } from '@aws-sdk/client-sqs';
import type { InvocationOutcome } from '../functions/protocol.ts';

export interface BatchDecision {
  /** Messages to delete; the rest become visible again after the queue's visibility timeout. */
  readonly remove: readonly Message[];
  /** Why some or all messages stay, for the log. */
  readonly note?: string;
}

/**
 * What Lambda's SQS poller does with a batch after the invocation. With ReportBatchItemFailures it
 * deletes all but the reported failures, and treats a malformed report (empty, missing or unknown
 * itemIdentifier) as a failure of the whole batch; without it, success deletes everything and an
 * error nothing.
 */
export function decideBatch(
  messages: readonly Message[],
  outcome: InvocationOutcome,
  reportBatchItemFailures: boolean,
): BatchDecision {
  if (!outcome.ok) {
    return { remove: [], note: `${outcome.error.errorType}: ${outcome.error.errorMessage}` };
  }
  if (!reportBatchItemFailures) return { remove: messages };
  const value = outcome.value;
  // null, {}, or no/empty batchItemFailures all mean complete success.
  if (value === null || value === undefined) return { remove: messages };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { remove: [], note: 'the response is not a batch response object; the whole batch stays' };
  }
  const failures = (value as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { remove: messages };
  if (!Array.isArray(failures)) {
    return { remove: [], note: 'batchItemFailures is not a list; the whole batch stays' };
  }
  const ids = new Set(messages.map((message) => message.MessageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !ids.has(id)) {
      return {
        remove: [],
        note: `batchItemFailures names ${JSON.stringify(id ?? null)}, which is not a message of this batch; the whole batch stays`,
      };
    }
    failed.add(id);
  }
  return {
    remove: messages.filter((message) => !failed.has(message.MessageId ?? '')),
    ...(failed.size > 0 ? { note: `${failed.size} of ${messages.length} reported as failed` } : {}),
  };
}
