import { MemoryJobQueue } from '../../../src/adapters/memory/job-queue.ts';
import { jobQueueConformance } from '../../helpers/job-queue-conformance.ts';
import { T0 } from '../../helpers/jobs.ts';

jobQueueConformance('in-memory', async () => {
  let now = T0.getTime();
  const queue = new MemoryJobQueue({ now: () => new Date(now) });
  return {
    queue,
    receive: async (max, priority = 'default') => queue.receive(max, priority),
    deadLetters: async () => [...queue.deadLetters()],
    now: () => now,
    wait: async (ms) => {
      now += ms;
    },
  };
});
