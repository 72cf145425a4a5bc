import { StatusClient } from './client.ts';
import type { DashboardConfig } from './config.ts';
import { createReader, DashboardLoop, describeProblem } from './loop.ts';
import { renderDashboard } from './render.ts';
import { plainScreen, terminalScreen } from './screen.ts';

export interface DashboardIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WritableStream;
}

/** Runs the dashboard until Ctrl-C, SIGTERM or (with --once) one snapshot; resolves to the exit code. */
export async function runDashboard(
  config: DashboardConfig,
  io: DashboardIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const api = new StatusClient({
    baseUrl: config.url,
    apiKey: config.apiKey,
    signer: config.signer,
    timeoutMs: config.timeoutMs,
  });
  const url = `${config.url.origin}${config.url.pathname}`;
  // Quitting is the normal way out, so it is handled, not left to Node's default (exit code 130).
  const quit = new AbortController();
  const stop = () => quit.abort();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // `| head` closing the pipe is a reason to stop, not a crash.
  io.stdout.on('error', stop);

  if (config.once) {
    try {
      const reading = await createReader(api)(quit.signal);
      const width = io.stdout.isTTY ? io.stdout.columns || 80 : Number.POSITIVE_INFINITY;
      const lines = renderDashboard(
        { url, intervalSeconds: null, reading, problem: null },
        new Date(),
        width,
      );
      io.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    } catch (error) {
      if (quit.signal.aborted) return 0;
      io.stderr.write(`sqs-jobs dashboard (${url}): ${describeProblem(error)}\n`);
      return 1;
    }
  }

  const screen = io.stdout.isTTY ? terminalScreen(io.stdout) : plainScreen(io.stdout);
  // Whatever ends the process, the cursor comes back and the alternate screen is left.
  process.on('exit', () => screen.close());
  const loop = new DashboardLoop({ api, screen, url, intervalMs: config.intervalMs });
  const redraw = () => loop.redraw();
  io.stdout.on('resize', redraw);
  // Between slow refreshes the ages ("2s ago") keep ticking; a pipe gets one block per refresh only.
  const ticker = io.stdout.isTTY ? setInterval(redraw, 1_000) : undefined;
  // A terminal shows "Waiting for the first answer…" at once; a pipe waits for something to say.
  if (io.stdout.isTTY) loop.redraw();
  try {
    await loop.run(quit.signal);
  } finally {
    clearInterval(ticker);
    io.stdout.off('resize', redraw);
    screen.close(loop.finalLines());
  }
  return 0;
}
