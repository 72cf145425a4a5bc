import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { decideBatch } from '../../../local/event-sources/batch-outcome.ts';
import type { InvocationOutcome } from '../../../local/functions/protocol.ts';

const messages: Message[] = ['m1', 'm2', 'm3'].map((id) => ({ MessageId: id, ReceiptHandle: `rh-${id}` }));
const ok = (value: unknown): InvocationOutcome => ({ ok: true, value, requestId: 'r', durationMs: 1 });
const removed = (value: unknown, report = true) =>
  decideBatch(messages, ok(value), report).remove.map((message) => message.MessageId);

describe('what the SQS poller deletes after an invocation', () => {
  it('deletes all but the reported failures', () => {
    expect(removed({ batchItemFailures: [{ itemIdentifier: 'm2' }] })).toEqual(['m1', 'm3']);
  });

  it('treats a null, empty or failure-free response as complete success', () => {
    for (const value of [null, {}, { batchItemFailures: [] }, { batchItemFailures: null }]) {
      expect(removed(value)).toEqual(['m1', 'm2', 'm3']);
    }
  });

  it('keeps the whole batch when a failure names no message of the batch', () => {
    for (const failure of [{ itemIdentifier: 'other' }, { itemIdentifier: '' }, {}, { id: 'm1' }]) {
      expect(removed({ batchItemFailures: [failure] })).toEqual([]);
    }
    expect(removed('not an object')).toEqual([]);
  });

  it('keeps the whole batch when the function fails or times out', () => {
    const failed: InvocationOutcome = {
      ok: false,
      error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' },
      requestId: 'r',
      durationMs: 3000,
    };
    expect(decideBatch(messages, failed, true)).toEqual({
      remove: [],
      note: 'Sandbox.Timedout: Task timed out after 3.00 seconds',
    });
  });

  it('without ReportBatchItemFailures, success deletes everything whatever the response says', () => {
    expect(removed({ batchItemFailures: [{ itemIdentifier: 'm2' }] }, false)).toEqual(['m1', 'm2', 'm3']);
  });
});
