'use strict';
// dynalite in a process of its own, so DynamoDB work never competes with the runtime's event loop.
// Forked by emulator-process.ts with its settings as JSON in argv[2]; answers { type: 'ready', port }.
const dynalite = require('dynalite');

const { port, host, path } = JSON.parse(process.argv[2]);
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

server.on('error', (error) => {
  process.send?.({ type: 'error', code: error.code, message: error.message });
  process.exit(1);
});
server.listen(port, host, () => process.send?.({ type: 'ready', port: server.address().port }));

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  // close() also closes the LevelDB store; a client holding a keep-alive socket must not delay that.
  server.close(() => process.exit(0));
  server.closeIdleConnections?.();
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('message', (message) => {
  if (message && message.type === 'stop') stop();
});
// The runtime died (even by kill -9): the IPC channel closes, and a port must not stay taken.
process.on('disconnect', stop);
// Ctrl-C (SIGINT) and `timeout` or process managers (SIGTERM) reach the whole process group; the
// runtime still needs us while it drains, and decides when to stop us.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});
