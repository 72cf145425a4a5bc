// fauxqs (SQS + S3) in a process of its own, so queue and file traffic never competes with the
// runtime's event loop. Forked by emulator-process.ts with its settings as JSON in argv[2].
import { startFauxqs } from 'fauxqs';
import { interruptibleLongPolls } from './fauxqs-long-polls.mjs';

const { port, dataDir, s3StorageDir } = JSON.parse(process.argv[2]);

// Before any queue exists: the runtime's pollers must be able to end their long polls at a stop
// without losing a message (see fauxqs-long-polls.mjs).
const longPolls = await interruptibleLongPolls();

let server;
try {
  // dataDir: queues and messages in SQLite, written through on every change, so a restart (or a
  // kill -9 of the runtime) keeps them. s3StorageDir: objects as plain files, easy to inspect.
  server = await startFauxqs({ port, logger: false, dataDir, s3StorageDir });
  process.send?.({ type: 'ready', port: server.port, endPolls: longPolls.supported });
} catch (error) {
  process.send?.({ type: 'error', code: error?.code, message: String(error?.message ?? error) });
  process.exit(1);
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.stop().then(
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
