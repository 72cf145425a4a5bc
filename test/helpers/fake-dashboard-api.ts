import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dashboardRoutes } from '../../functions/api/dashboard.ts';
import { BatchNotFoundError, type JobBatch } from '../../src/core/batch.ts';
import type { Job } from '../../src/core/job.ts';
import type { Schedule } from '../../src/core/schedule/schedule.ts';
import type { StatsPoint, StatsSnapshot, StatusView, WorkersView } from '../../src/core/stats.ts';
import { emptyCounts } from '../../src/core/stats.ts';
import { isTerminal } from '../../src/core/status.ts';
import { listBatches, readBatch } from '../../src/core/use-cases/batches.ts';
import { apiEvent } from './api-events.ts';

export interface FakeDashboardApi {
  readonly url: string;
  readonly jobs: Map<string, Job>;
  /** What GET /schedules lists (by name, as the API sorts them); none until a test sets some. */
  schedules: Schedule[];
  /** The batches (GET /batches, newest first; GET /batches/{id} counts their jobs in `jobs`). */
  readonly batches: Map<string, JobBatch>;
  /** "METHOD /path?query" of every request, with the x-api-key and body it carried. */
  readonly requests: { line: string; apiKey: string | undefined; body: string }[];
  snapshot: StatsSnapshot | null;
  history: StatsPoint[];
  /** Answers the next request whose path starts with `prefix` with this status and body. */
  failNext(prefix: string, status: number, body: unknown): void;
  close(): Promise<void>;
}

/**
 * A stand-in for the API, for browser tests of the page alone: the real dashboard routes serve the
 * page from `assetDir`, and the JSON routes answer from `jobs` in the API's shapes. With `apiKey`,
 * every JSON route wants it, as API Gateway would (403 with the API's error body).
 */
export async function startFakeDashboardApi(options: {
  assetDir: string;
  apiKey?: string;
  /** Serve under `/<stage>` as API Gateway does (`url` then ends with it, no trailing slash). */
  stage?: string;
}): Promise<FakeDashboardApi> {
  const page = dashboardRoutes(options.assetDir);
  const failures: { prefix: string; status: number; body: unknown }[] = [];
  const api: Omit<FakeDashboardApi, 'url' | 'close'> = {
    jobs: new Map(),
    schedules: [],
    batches: new Map(),
    requests: [],
    snapshot: null,
    history: [],
    failNext: (prefix, status, body) => failures.push({ prefix, status, body }),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const sentPath = url.pathname;
    const apiKey = req.headers['x-api-key'] as string | undefined;
    api.requests.push({ line: `${req.method} ${sentPath}${url.search}`, apiKey, body });
    if (options.stage) {
      const prefix = `/${options.stage}`;
      if (sentPath !== prefix && !sentPath.startsWith(`${prefix}/`)) {
        res.writeHead(403, { 'content-type': 'application/json' });
        return res.end('{"message":"Missing Authentication Token"}');
      }
      url.pathname = sentPath.slice(prefix.length) || '/';
    }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname.startsWith('/dashboard/'))) {
      const file = url.pathname.slice('/dashboard/'.length);
      const route = url.pathname === '/' ? 'GET /' : 'GET /dashboard/{file}';
      const event = apiEvent(route, { path: url.pathname, pathParameters: { file } });
      try {
        const result = await page[route]({
          ...event,
          requestContext: { ...event.requestContext, path: sentPath },
        });
        res.writeHead(result.statusCode, result.headers as Record<string, string>);
        res.end(result.body);
      } catch {
        send(404, { error: { code: 'NotFound', message: 'No such file.', details: {} } });
      }
      return;
    }
    if (options.apiKey && apiKey !== options.apiKey) {
      return send(403, { error: { code: 'Forbidden', message: 'Missing or invalid API key.', details: {} } });
    }
    const failure = failures.findIndex((f) => url.pathname.startsWith(f.prefix));
    if (failure >= 0) {
      const [f] = failures.splice(failure, 1);
      return send(f!.status, f!.body);
    }
    const route = `${req.method} ${url.pathname.replace(/^\/(jobs|batches)\/[^/]+/, '/$1/{id}')}`;
    const id = decodeURIComponent(url.pathname.split('/')[2] ?? '');
    const job = api.jobs.get(id);
    const notFound = () =>
      send(404, { error: { code: 'JobNotFound', message: `Job ${id} not found.`, details: { id } } });
    switch (route) {
      case 'GET /status':
        return send(200, status(api));
      case 'GET /stats':
        return send(200, { snapshot: api.snapshot, history: api.history });
      case 'GET /schedules':
        return send(200, {
          schedules: [...api.schedules].sort((a, b) => a.name.localeCompare(b.name)),
        });
      case 'GET /workers':
        return send(200, { limit: 4, alive: 1, busy: 0, instances: [] } satisfies WorkersView);
      case 'GET /jobs': {
        const wanted = url.searchParams.get('status');
        const type = url.searchParams.get('type');
        const jobs = [...api.jobs.values()]
          .filter((j) => (!wanted || j.status === wanted) && (!type || j.type === type))
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .slice(0, Number(url.searchParams.get('limit') ?? 20))
          // As the real listing: no payload or result, and no heldBack or progress (the index holds neither).
          .map(({ payload: _p, result: _r, heldBack: _h, progress: _g, ...summary }) => summary);
        return send(200, { jobs, nextCursor: null });
      }
      case 'GET /jobs/{id}':
        return job ? send(200, job) : notFound();
      case 'POST /jobs/{id}/retry':
      case 'POST /jobs/{id}/cancel': {
        if (!job) return notFound();
        const next = route.endsWith('retry') ? 'pending' : 'canceled';
        api.jobs.set(id, { ...job, status: next, updatedAt: new Date().toISOString() });
        return send(202, { id, status: next });
      }
      case 'POST /jobs/{id}/reschedule': {
        // The page's only reschedule is "Run now" ({"delaySeconds": 0}): queued at once.
        if (!job) return notFound();
        api.jobs.set(id, { ...job, status: 'pending', updatedAt: new Date().toISOString() });
        return send(202, { id, status: 'pending', ...(job.runAt ? { runAt: job.runAt } : {}) });
      }
      case 'GET /batches':
        return send(200, { batches: await listBatches({ batches: batchStore(api) }, 20) });
      case 'GET /batches/{id}':
      case 'POST /batches/{id}/cancel': {
        const store = {
          getMany: async (ids: readonly string[]) => ids.flatMap((i) => api.jobs.get(i) ?? []),
        };
        try {
          const view = await readBatch({ store, batches: batchStore(api) }, id);
          if (route.startsWith('GET')) return send(200, view);
          // As POST /jobs/{id}/cancel each: the unfinished ones end canceled at once.
          let canceled = 0;
          for (const member of view.jobs) {
            const stored = api.jobs.get(member.id);
            if (!stored || isTerminal(stored.status)) continue;
            api.jobs.set(member.id, { ...stored, status: 'canceled', updatedAt: new Date().toISOString() });
            canceled += 1;
          }
          return send(202, { id, canceled, stopping: 0, finished: view.total - canceled });
        } catch (error) {
          if (!(error instanceof BatchNotFoundError)) throw error;
          return send(404, { error: { code: 'BatchNotFound', message: error.message, details: { id } } });
        }
      }
      case 'POST /dlq/redrive':
        return send(200, { redriven: 0, skipped: 0, more: false });
      default:
        return send(404, { error: { code: 'NotFound', message: 'No such route.', details: {} } });
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(api, {
    url: `http://127.0.0.1:${port}${options.stage ? `/${options.stage}` : ''}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

/** The fake's batches as the BatchStore port, for the API's own batch use cases. */
function batchStore(api: Pick<FakeDashboardApi, 'batches'>) {
  return {
    get: async (id: string) => api.batches.get(id),
    listNewest: async (limit: number) =>
      [...api.batches.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit),
    create: async (batch: JobBatch) => void api.batches.set(batch.id, batch),
    remove: async (id: string) => void api.batches.delete(id),
  };
}

function status(api: Pick<FakeDashboardApi, 'jobs' | 'snapshot'>): StatusView {
  const counts = emptyCounts();
  for (const job of api.jobs.values()) counts[job.status] += 1;
  const failed = [...api.jobs.values()].filter((j) => j.status === 'failed' && j.error);
  const last = failed.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  return {
    ...counts,
    workers: 4,
    workersBusy: Math.min(counts.running, 4),
    workersAlive: 1,
    queue: api.snapshot?.queue ?? null,
    queues: api.snapshot?.queues ?? null,
    deadLetterQueue: api.snapshot?.deadLetterQueue ?? null,
    throughput: { completedPerSecond: 0.5, failedPerSecond: 0, windowSeconds: 60 },
    lastFailure: last?.error
      ? {
          id: last.id,
          type: last.type,
          error: last.error,
          at: last.updatedAt,
          attempt: last.attempts,
          retried: false,
        }
      : null,
    snapshotAt: api.snapshot?.takenAt ?? null,
  };
}
