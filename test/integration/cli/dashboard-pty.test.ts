import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import pty, { type IPty } from '@lydell/node-pty';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StatusView } from '../../../src/core/stats.ts';
import { aStatusView } from '../../helpers/stats.ts';

/**
 * The real CLI (`npm run dashboard`: node --import tsx cli/dashboard.ts) on a pseudo-terminal against a stand-in API: what a person at
 * a terminal would see, how it follows the API live, and how it ends.
 */

const ROOT = resolve(import.meta.dirname, '../../..');

const API_KEY = 'dashboard-test-key';

const seed = (): StatusView =>
  aStatusView({
    lastFailure: {
      id: 'job-1',
      type: 'email',
      error: { name: 'Error', message: 'SMTP timeout' },
      at: new Date(Date.now() - 2_000).toISOString(),
      attempt: 1,
      retried: true,
    },
    snapshotAt: new Date().toISOString(),
  });

/**
 * The stand-in API: GET /status answers `answer` (when the key matches), everything else 404. The
 * body is built per request so "2s ago" holds however long the CLI took to start.
 */
let answer: { status: number; body: () => unknown } = { status: 200, body: seed };
const requests: { url: string | undefined; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let apiUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url, headers: req.headers });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.headers['x-api-key'] !== API_KEY) return reply(403, { message: 'Forbidden' });
    if (req.method === 'GET' && req.url === '/status') return reply(answer.status, answer.body());
    return reply(404, { message: 'Missing Authentication Token' });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** A running dashboard: its raw output, the latest frame as text, and its exit. */
interface Session {
  readonly term: IPty;
  output: string;
  readonly exited: Promise<{ exitCode: number; signal?: number }>;
}

let session: Session | undefined;

afterEach(() => {
  // A test that failed half-way must not leave a dashboard running.
  if (session) {
    try {
      session.term.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  session = undefined;
});

function startDashboard(args: string[], env: Record<string, string> = {}): Session {
  const term = pty.spawn(process.execPath, ['--import', 'tsx', 'cli/dashboard.ts', ...args], {
    name: 'xterm-256color',
    cols: 100,
    rows: 30,
    cwd: ROOT,
    env: { ...definedEnv(), SQS_JOBS_API_KEY: API_KEY, ...env },
  });
  const started: Session = {
    term,
    output: '',
    exited: new Promise((done) => term.onExit((exit) => done(exit))),
  };
  term.onData((data) => {
    started.output += data;
  });
  session = started;
  return started;
}

function definedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('SQS_JOBS_')) env[name] = value;
  }
  return env;
}

const ESCAPES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing escape sequences from the terminal output.
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][0-9A-Za-z]/g;

/** The lines of the frame drawn last: each frame starts by moving the cursor home. */
function screen(output: string): string[] {
  const frame = output.slice(output.lastIndexOf('\u001b[H'));
  return frame.replace(ESCAPES, '').split(/\r?\n/);
}

async function waitForScreen(s: Session, wanted: (lines: string[]) => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (wanted(screen(s.output))) return screen(s.output);
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`The screen never showed what was expected. Last frame:\n${screen(s.output).join('\n')}`);
}

async function exitWithin(s: Session, ms: number) {
  return Promise.race([
    s.exited,
    new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`still running after ${ms} ms`)), ms)),
  ]);
}

const SEED_LINES = [
  'Workers: 4/4 alive',
  'Queue: 5 pending, 3 running, 42 completed, 1 failed',
  'Throughput: 14 jobs/sec',
];

describe('terminal dashboard on a pseudo-terminal', () => {
  it("shows the seed's four lines, follows the API live, and quits cleanly on Ctrl-C", async () => {
    answer = { status: 200, body: seed };
    const s = startDashboard(['--url', apiUrl]);

    const first = await waitForScreen(s, (lines) => lines.includes(SEED_LINES[0]!));
    expect(first).toEqual(expect.arrayContaining(SEED_LINES));
    expect(first.find((line) => line.startsWith('Last failure: '))).toMatch(
      /^Last failure: "Error: SMTP timeout" \([23]s ago, auto-retried\)$/,
    );
    expect(first[0]).toBe(`sqs-jobs · ${apiUrl}/`);
    expect(first.at(-1)).toMatch(/^Refreshed \d\d:\d\d:\d\d · every 1s · Ctrl-C to quit$/);
    expect(requests.at(-1)?.headers['x-api-key']).toBe(API_KEY);

    answer = {
      status: 200,
      body: () => ({
        ...seed(),
        workersAlive: 3,
        pending: 4,
        completed: 44,
        throughput: { completedPerSecond: 0.5, failedPerSecond: 0, windowSeconds: 60 },
        lastFailure: null,
      }),
    };
    const next = await waitForScreen(s, (lines) => lines.includes('Workers: 3/4 alive'), 3_000);
    expect(next).toEqual(
      expect.arrayContaining([
        'Queue: 4 pending, 3 running, 44 completed, 1 failed',
        'Throughput: 0.5 jobs/sec',
        'Last failure: none',
      ]),
    );

    s.term.write('\x03');
    const { exitCode } = await exitWithin(s, 3_000);
    expect(exitCode).toBe(0);
    const afterQuit = s.output.slice(s.output.lastIndexOf('\u001b[?25h'));
    expect(afterQuit).toContain('\u001b[?1049l'); // back on the normal screen, cursor shown
    expect(afterQuit).toContain('Workers: 3/4 alive'); // the last numbers stay readable
    expect(s.output).not.toMatch(/\n\s+at |Error:.*\n.*node:/); // no stack trace
  });

  it('shows the problem when the API answers 500, keeps retrying, recovers, and ends on SIGTERM', async () => {
    answer = {
      status: 500,
      body: () => ({ error: { code: 'InternalError', message: 'Internal server error.', details: {} } }),
    };
    const s = startDashboard(['--url', apiUrl]);
    const problem =
      'Problem: GET /status answered 500 Internal Server Error: Internal server error. (InternalError)';
    const lines = await waitForScreen(s, (shown) => shown.includes(problem));
    expect(lines).toContain('No answer yet.');
    expect(lines.some((line) => line.startsWith('Workers:'))).toBe(false);

    const asked = requests.length;
    await new Promise((done) => setTimeout(done, 2_500));
    expect(requests.length).toBeGreaterThanOrEqual(asked + 2); // still asking, once a second
    expect(screen(s.output)).toContain(problem);

    answer = { status: 200, body: seed };
    await waitForScreen(s, (shown) => SEED_LINES.every((line) => shown.includes(line)), 3_000);

    s.term.kill('SIGTERM');
    expect((await exitWithin(s, 3_000)).exitCode).toBe(0);
  });

  it('says what is wrong and exits non-zero when it is given no usable URL', async () => {
    const missing = startDashboard([]);
    expect((await exitWithin(missing, 10_000)).exitCode).toBe(1);
    expect(missing.output).toContain('error: no API URL: pass --url <base URL> or set SQS_JOBS_API_URL');

    const interval = startDashboard(['--url', apiUrl, '--interval', 'soon']);
    expect((await exitWithin(interval, 10_000)).exitCode).toBe(1);
    expect(interval.output).toContain("error: option '--interval <seconds>' argument 'soon' is invalid.");
  });

  it('prints one snapshot with --once', async () => {
    answer = { status: 200, body: seed };
    const once = startDashboard(['--url', apiUrl, '--once']);
    expect((await exitWithin(once, 10_000)).exitCode).toBe(0);
    const lines = once.output.replace(ESCAPES, '').split(/\r?\n/);
    expect(lines).toEqual(expect.arrayContaining(SEED_LINES));
    expect(once.output).not.toContain('\u001b[?1049h'); // no full-screen mode for a one-off
  });
});
