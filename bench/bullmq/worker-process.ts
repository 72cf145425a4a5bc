/**
 * A BullMQ Worker with a noop processor in a process of its own, as ours run apart from the API:
 * forked by run-mode.ts with the queue to work (`start`), closed on `stop`.
 */
import { Worker } from 'bullmq';
import type { FromWorker, ToWorker } from './protocol.ts';

let worker: Worker | undefined;

const reply = (message: FromWorker) => process.send?.(message);

process.on('message', (message: ToWorker) => {
  void handle(message).catch((error: unknown) =>
    reply({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
// The parent went away: nothing is left to work for.
process.on('disconnect', () => process.exit(0));

async function handle(message: ToWorker): Promise<void> {
  if (message.kind === 'start') {
    worker = new Worker(message.queue, async () => ({ ok: true }), {
      connection: { host: '127.0.0.1', port: message.port },
      concurrency: message.concurrency,
    });
    await worker.waitUntilReady();
    reply({ kind: 'ready' });
    return;
  }
  await worker?.close();
  reply({ kind: 'stopped' });
  process.disconnect();
}
