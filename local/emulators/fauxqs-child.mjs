// fauxqs (SQS + S3) in a process of its own, so queue and file traffic never competes with the
// runtime's event loop. Forked by emulator-process.ts with its settings as JSON in argv[2].
// fauxqs listens on a port of its own (the runtime's direct path, JSON protocol only); the port
// users are given is the query front (sqs-query/front.ts), which also speaks SQS's query protocol
// for older AWS CLIs and SDKs and passes everything else through.
import { existsSync } from 'node:fs';
import { startFauxqs } from 'fauxqs';
import { interruptibleLongPolls } from './fauxqs-long-polls.mjs';

// The installed package has the front compiled (front.js); the repository runs its source, whose
// types Node 24 strips.
const compiledFront = new URL('./sqs-query/front.js', import.meta.url);
const { startQueryFront } = await import(
  existsSync(compiledFront) ? compiledFront.href : new URL('./sqs-query/front.ts', import.meta.url).href
);

const { port, host, dataDir, s3StorageDir } = JSON.parse(process.argv[2]);

// Before any queue exists: the runtime's pollers must be able to end their long polls at a stop
// without losing a message (see fauxqs-long-polls.mjs).
const longPolls = await interruptibleLongPolls();

let server;
let front;
try {
  // dataDir: queues and messages in SQLite, written through on every change, so a restart (or a
  // kill -9 of the runtime) keeps them. s3StorageDir: objects as plain files, easy to inspect.
  server = await startFauxqs({ port: 0, logger: false, dataDir, s3StorageDir });
  front = await startQueryFront({ host, port, upstreamPort: server.port });
  process.send?.({
    type: 'ready',
    port: front.port,
    directPort: server.port,
    endPolls: longPolls.supported,
  });
} catch (error) {
  process.send?.({ type: 'error', code: error?.code, message: String(error?.message ?? error) });
  process.exit(1);
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  front
    .close()
    .then(() => server.stop())
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('message', (message) => {
  if (message?.type === 'stop') stop();
  if (message?.type === 'end-polls') {
    longPolls.end();
    process.send?.({ type: 'polls-ended', id: message.id });
  }
});
process.on('disconnect', stop);
// Ctrl-C (SIGINT) and `timeout` or process managers (SIGTERM) reach the whole process group; the
// runtime still needs us while it drains, and decides when to stop us.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
