import { type ChildProcess, fork } from 'node:child_process';
import { EmulatorError } from '../errors.ts';
import { profilingFlags } from '../profiling.ts';

export interface EmulatorProcess {
  readonly name: string;
  /** The port it serves users on. */
  readonly port: number;
  /**
   * Answers every ReceiveMessage long poll now, and every later one at once, so pollers can stop
   * without aborting a request the emulator may already have handed messages to. Undefined when
   * the emulator cannot (dynalite; a fauxqs that lacks what it wraps).
   */
  readonly endLongPolls?: () => Promise<void>;
  /** A port of the emulator itself, behind a front that listens on `port` (fauxqs). */
  readonly directPort: number | undefined;
  stop(): Promise<void>;
}

type ChildMessage =
  | { type: 'ready'; port: number; directPort?: number; endPolls?: boolean }
  | { type: 'polls-ended'; id: number }
  | { type: 'error'; code?: string; message: string };

const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
/** Keep the tail of what the child printed, for the error when it fails to start. */
const OUTPUT_TAIL = 4_000;

/**
 * Forks a plain-JS emulator child and waits for it to report its port. The child exits by itself
 * when the IPC channel closes, so even a kill -9 of the runtime leaves no process holding a port.
 */
export function startEmulatorProcess(
  name: string,
  script: string,
  config: Readonly<Record<string, unknown>>,
  onUnexpectedExit: (name: string, code: number | null) => void,
): Promise<EmulatorProcess> {
  const child = fork(script, [JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Not the runtime's flags (tsx's loader, inspectors): the children are plain JS.
    execArgv: profilingFlags(name),
    // Out of the terminal's process group, so Ctrl-C or `timeout` cannot end it (even while it
    // starts) before the runtime has drained; it exits when the runtime stops it or goes away.
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // e.g. a 'stop' sent as the child dies; the 'exit' handlers report what matters.
  child.on('error', () => {});

  return new Promise<EmulatorProcess>((resolve, reject) => {
    let stopping = false;
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new EmulatorError(name, `${message}${output.trim() ? `\n${output.trim()}` : ''}`));
    };
    const timer = setTimeout(
      () => fail(`${name} did not start within ${START_TIMEOUT_MS / 1000} s.`),
      START_TIMEOUT_MS,
    );
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'error') {
        const port = config.port;
        fail(
          message.code === 'EADDRINUSE'
            ? `${name} cannot listen on port ${String(port)}: it is in use (another \`npm start\`?). Choose another port, or 0 for a random one.`
            : `${name} failed to start: ${message.message}`,
        );
        return;
      }
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.on('exit', (code) => {
        if (!stopping) onUnexpectedExit(name, code);
      });
      resolve({
        name,
        port: message.port,
        ...(message.endPolls ? { endLongPolls: () => endLongPolls(child) } : {}),
        directPort: message.directPort,
        stop: () => {
          stopping = true;
          return stopChild(child);
        },
      });
    });
    child.on('exit', (code, signal) =>
      fail(`${name} exited before it was ready (${signal ?? `code ${code}`}).`),
    );
  });
}

let nextRequest = 1;

async function endLongPolls(child: ChildProcess): Promise<void> {
  if (!child.connected) return;
  const id = nextRequest++;
  await new Promise<void>((resolve) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type === 'polls-ended' && message.id === id) done();
    };
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', done);
      resolve();
    };
    child.on('message', onMessage);
    child.once('exit', done);
    child.send({ type: 'end-polls', id });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Without the channel the child is already stopping itself (it ignores SIGINT and SIGTERM).
  if (child.connected) child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
