import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HOLD_MARGIN_SECONDS, holdBatch } from '../../../functions/worker/hold-batch.ts';
import type { VisibilityChange } from '../../../src/core/ports.ts';

function record(receiptHandle: string): SQSRecord {
  return { receiptHandle, messageId: `id-${receiptHandle}` } as SQSRecord;
}

describe('holdBatch', () => {
  it('hides every record of the batch until the invocation deadline plus the margin, in one call', async () => {
    const calls: (readonly VisibilityChange[])[] = [];
    const priorities = { a: 'default', b: 'high', c: 'low' } as const;
    await holdBatch(
      [record('a'), record('b'), record('c')],
      57_500,
      async (changes) => {
        calls.push(changes);
        return { failed: 0 };
      },
      (held) => priorities[held.receiptHandle as keyof typeof priorities],
    );
    // Each on the queue it came from.
    expect(calls).toEqual([
      (['a', 'b', 'c'] as const).map((receiptHandle) => ({
        receiptHandle,
        priority: priorities[receiptHandle],
        seconds: 57.5 + HOLD_MARGIN_SECONDS,
      })),
    ]);
  });

  it('outlasts the longest lease an attempt can take (deadline − 3 s + 10 s of lease margin)', () => {
    expect(HOLD_MARGIN_SECONDS).toBeGreaterThan(-3 + 10);
  });
});
