import { z } from 'zod';
import type { LocalRuntime } from '../local/runtime.ts';
import { createAwsClients } from '../src/adapters/aws/clients.ts';
import { drainRequestCounts, type RequestCounts } from '../src/adapters/aws/request-counter.ts';
import { defineJob, defineJobs } from '../src/index.ts';
import { createProducer } from '../src/producer/index.ts';
import type { BenchOptions } from './scenario.ts';
import type { Submitted } from './submit.ts';

/**
 * The direct producer (`sqs-jobs/producer`) of this benchmark process, wired to the runtime's table
 * and queues. Its clients are the project's own (createAwsClients), so its requests are counted by
 * the same middleware as the functions', here in this process: `requests()` drains those counts.
 *
 * The app's job module is not loaded (under `sqs-jobs bench` it is the app's TypeScript): the type
 * is declared here with a schema that takes any object, which validates the same payloads as
 * cheaply. A type of another priority than `default` would go on the default queue here.
 */
export function benchProducer(runtime: LocalRuntime, type: string) {
  const table = runtime.resources.tables.find((t) => /JobsTable[0-9A-F]{8}$/.test(t.logicalId));
  const queues = runtime.resources.queues.filter((q) => q.role === 'queue');
  const byPriority = (pattern: RegExp) => queues.find((q) => pattern.test(q.logicalId))?.url;
  const fallback = queues.find((q) => !/(High|Low)PriorityQueue/.test(q.logicalId))?.url;
  if (!table || !fallback) throw new Error('the template has no jobs table or jobs queue');
  const clients = createAwsClients({
    region: runtime.region,
    endpoints: { dynamodb: runtime.endpoints.dynamodb, sqs: runtime.endpoints.sqs },
  });
  const jobs = defineJobs({
    [type]: defineJob({ schema: z.record(z.string(), z.unknown()), handler: async () => null }),
  });
  const producer = createProducer({
    jobs,
    tableName: table.name,
    queueUrls: {
      high: byPriority(/HighPriorityQueue/) ?? fallback,
      default: fallback,
      low: byPriority(/LowPriorityQueue/) ?? fallback,
    },
    clients: { dynamo: clients.dynamo, sqs: clients.sqs },
    region: runtime.region,
  });
  // What was counted before (another scenario's clients in this process) is not this producer's.
  drainRequestCounts();
  return {
    /** n jobs, `concurrency` enqueues in flight; a failed one aborts the run. */
    async submit(
      n: number,
      options: Pick<BenchOptions, 'payload' | 'concurrency'>,
      onAccepted?: (accepted: number) => void,
    ): Promise<Submitted[]> {
      const submitted: Submitted[] = new Array(n);
      let next = 0;
      let accepted = 0;
      const worker = async () => {
        while (next < n) {
          const i = next++;
          const sentAt = Date.now();
          const { id } = await producer.enqueue(type, options.payload ?? {});
          submitted[i] = { id, sentAt };
          onAccepted?.(++accepted);
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.concurrency, n) }, worker));
      return submitted;
    },
    /** The producer's AWS requests since the last call (or since it was made). */
    requests(): RequestCounts {
      return drainRequestCounts();
    },
    close(): void {
      clients.dynamo.destroy();
      clients.sqs.destroy();
      clients.s3.destroy();
    },
  };
}
