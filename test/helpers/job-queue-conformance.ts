import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReceivedMessage } from '../../src/adapters/memory/job-queue.ts';
import type { JobMessage } from '../../src/core/job.ts';
import type { JobQueue } from '../../src/core/ports.ts';
import type { Priority } from '../../src/core/priority.ts';

/** A queue under test and the reader's side of it (Lambda's event source on AWS). */
export interface QueueHarness {
  readonly queue: JobQueue;
  /**
   * Receives what is visible now in one priority's queue (`default` unless named; at most `max`,
   * 1–10), hiding each for the queue's 30 s visibility timeout.
   */
  receive(max: number, priority?: Priority): Promise<ReceivedMessage[]>;
  /** Everything in the dead-letter queue. */
  deadLetters(): Promise<ReceivedMessage[]>;
  /** Milliseconds on the queue's clock. */
  now(): number;
  /** Lets time pass: a real wait for SQS, a clock step for the memory twin. */
  wait(ms: number): Promise<void>;
}

const aMessage = (type = 'noop', priority?: Priority): JobMessage => ({
  id: randomUUID(),
  type,
  ...(priority ? { priority } : {}),
});

/** Receives from one priority's queue until `count` messages came (or 10 s of the queue's time passed). */
async function receiveAll(
  harness: QueueHarness,
  count: number,
  priority: Priority = 'default',
): Promise<ReceivedMessage[]> {
  const out: ReceivedMessage[] = [];
  const deadline = harness.now() + 10_000;
  while (out.length < count && harness.now() < deadline) {
    const got = await harness.receive(Math.min(10, count - out.length), priority);
    out.push(...got);
    if (got.length === 0) await harness.wait(100);
  }
  return out;
}

/** The JobQueue contract, run on SQS (fauxqs) and on the in-memory twin. */
export function jobQueueConformance(name: string, makeHarness: () => Promise<QueueHarness>): void {
  describe(`JobQueue contract: ${name}`, () => {
    it('sends a job message that reads back as sent, its type as an attribute', async () => {
      const harness = await makeHarness();
      const message = aMessage('email');
      await harness.queue.send(message);
      const [received] = await receiveAll(harness, 1);
      expect(JSON.parse(received?.body ?? 'null')).toEqual(message);
      expect(received?.attributes.jobType).toBe('email');
    });

    it('holds a delayed message back, counted as delayed, and delivers it no earlier than its delay', async () => {
      const harness = await makeHarness();
      const sentAt = harness.now();
      await harness.queue.send(aMessage(), { delaySeconds: 2 });
      const depth = await harness.queue.depth('default');
      // Only while the delay surely runs: a stalled machine may be past it already.
      if (harness.now() - sentAt < 1_500) {
        expect(depth).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
        expect(await harness.receive(10)).toEqual([]);
      }
      expect(await receiveAll(harness, 1)).toHaveLength(1);
      expect(harness.now() - sentAt).toBeGreaterThanOrEqual(1_900);
    });

    it('sends a batch of 25 (three requests on SQS): every message once, none failed', async () => {
      const harness = await makeHarness();
      const messages = Array.from({ length: 25 }, () => aMessage());
      expect(await harness.queue.sendBatch(messages)).toEqual({ failed: [] });
      const received = await receiveAll(harness, 25);
      expect(received.map((m) => (JSON.parse(m.body) as JobMessage).id).sort()).toEqual(
        messages.map((m) => m.id).sort(),
      );
    });

    it('counts visible, in-flight and delayed messages', async () => {
      const harness = await makeHarness();
      await harness.queue.sendBatch([aMessage(), aMessage(), aMessage()]);
      await harness.queue.send(aMessage(), { delaySeconds: 600 });
      expect(await receiveAll(harness, 1)).toHaveLength(1);
      expect(await harness.queue.depth('default')).toEqual({ visible: 2, inFlight: 1, delayed: 1 });
    });

    it('brings a received message back after the seconds set, not the queue’s 30', async () => {
      const harness = await makeHarness();
      await harness.queue.send(aMessage());
      const [first] = await receiveAll(harness, 1);
      const setAt = harness.now();
      await harness.queue.setVisibility(
        { receiptHandle: first?.receiptHandle ?? '', priority: 'default' },
        1,
      );
      const [again] = await receiveAll(harness, 1);
      expect(again?.body).toBe(first?.body);
      expect(harness.now() - setAt).toBeGreaterThanOrEqual(900);
      expect(harness.now() - setAt).toBeLessThan(10_000);
    });

    it('changes visibilities in a batch over ten, a handle named twice once', async () => {
      const harness = await makeHarness();
      await harness.queue.sendBatch(Array.from({ length: 12 }, () => aMessage()));
      const received = await receiveAll(harness, 12);
      const changes = [...received, received[0]].map((m) => ({
        receiptHandle: m?.receiptHandle ?? '',
        priority: 'default' as const,
        seconds: 1,
      }));
      expect(await harness.queue.setVisibilityBatch(changes)).toEqual({ failed: 0 });
      expect(await receiveAll(harness, 12)).toHaveLength(12);
    });

    it('sends each message to its priority’s queue, counted there and received only there', async () => {
      const harness = await makeHarness();
      const high = aMessage('email', 'high');
      const low = aMessage('email', 'low');
      await harness.queue.sendBatch([aMessage(), high, low, aMessage('email', 'high')]);
      await harness.queue.send(low, { delaySeconds: 600 });
      expect(await harness.queue.depth('high')).toEqual({ visible: 2, inFlight: 0, delayed: 0 });
      expect(await harness.queue.depth('default')).toEqual({ visible: 1, inFlight: 0, delayed: 0 });
      expect(await harness.queue.depth('low')).toEqual({ visible: 1, inFlight: 0, delayed: 1 });
      const fromHigh = await receiveAll(harness, 2, 'high');
      expect(fromHigh.map((m) => (JSON.parse(m.body) as JobMessage).priority)).toEqual(['high', 'high']);
      expect(JSON.parse((await receiveAll(harness, 1, 'low'))[0]?.body ?? 'null')).toEqual(low);
    });

    it('changes a message’s visibility on the queue it was received from, one or many', async () => {
      const harness = await makeHarness();
      await harness.queue.sendBatch([
        aMessage('noop', 'high'),
        aMessage('noop', 'low'),
        aMessage('noop', 'low'),
      ]);
      const [high] = await receiveAll(harness, 1, 'high');
      const lows = await receiveAll(harness, 2, 'low');
      await harness.queue.setVisibility({ receiptHandle: high?.receiptHandle ?? '', priority: 'high' }, 1);
      const changes = lows.map((m) => ({
        receiptHandle: m.receiptHandle,
        priority: 'low' as const,
        seconds: 1,
      }));
      expect(await harness.queue.setVisibilityBatch(changes)).toEqual({ failed: 0 });
      expect(await receiveAll(harness, 1, 'high')).toHaveLength(1);
      expect(await receiveAll(harness, 2, 'low')).toHaveLength(2);
    });

    it('dead-letters a message as it was, with why', async () => {
      const harness = await makeHarness();
      const body = JSON.stringify(aMessage('email'));
      await harness.queue.deadLetter({
        body,
        reason: 'permanent',
        error: 'bad address',
        jobId: 'j-1',
        jobType: 'email',
      });
      const [letter] = await harness.deadLetters();
      expect(letter?.body).toBe(body);
      expect(letter?.attributes).toMatchObject({
        failureReason: 'permanent',
        error: 'bad address',
        jobId: 'j-1',
        jobType: 'email',
      });
    });
  });
}
