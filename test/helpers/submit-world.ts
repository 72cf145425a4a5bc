import { createMemoryIdempotencyKeys } from '../../src/adapters/memory/idempotency-keys.ts';
import { MemoryJobQueue } from '../../src/adapters/memory/job-queue.ts';
import { createMemoryJobStore } from '../../src/adapters/memory/job-store.ts';
import type { SpecRegistry } from '../../src/core/registry.ts';
import { later, T0 } from './jobs.ts';

/**
 * The submit, sweep and reschedule use cases on memory adapters, with a clock the test moves (from
 * T0) and ids job-1, job-2, …; `sendFails` makes single sends throw while it says so.
 */
export function submitWorld(options: {
  readonly specs: SpecRegistry;
  readonly scheduleHorizonSeconds?: number;
  readonly sendFails?: () => boolean;
}) {
  let now = T0;
  const clock = { now: () => now };
  const store = createMemoryJobStore();
  const queue = new MemoryJobQueue(clock);
  const keys = createMemoryIdempotencyKeys();
  let ids = 0;
  const deps = {
    store,
    keys,
    clock,
    specs: options.specs,
    newId: () => `job-${++ids}`,
    ...(options.scheduleHorizonSeconds ? { scheduleHorizonSeconds: options.scheduleHorizonSeconds } : {}),
    queue: {
      send: async (...args: Parameters<MemoryJobQueue['send']>) => {
        if (options.sendFails?.()) throw new Error('queue down');
        await queue.send(...args);
      },
      sendBatch: (...args: Parameters<MemoryJobQueue['sendBatch']>) => queue.sendBatch(...args),
    },
  };
  return {
    deps,
    store,
    queue,
    /** Moves the clock to T0 + `seconds`. */
    at(seconds: number) {
      now = later(seconds);
    },
    /** The ids of the messages a worker receives now (and deletes, as a worker does when done). */
    receivable: () =>
      queue.receive(10).map((m) => {
        queue.delete(m.receiptHandle);
        return (JSON.parse(m.body) as { id: string }).id;
      }),
    /** Ends a job as its worker would, so its status is final. */
    async finish(id: string) {
      await store.claim(id, now, later(600));
      await store.complete(id, 1, { ok: true }, now);
    },
  };
}
