import { setTimeout as sleep } from 'node:timers/promises';

export interface HttpResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** A thin HTTP client for the API under test; the API key header is sent when SQS_JOBS_API_KEY is set. */
export function apiClient(baseUrl: string) {
  const apiKey = process.env.SQS_JOBS_API_KEY;
  const request = async <T>(
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      body: init.body,
      headers: { ...(apiKey ? { 'x-api-key': apiKey } : {}), ...init.headers },
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text so the assertion shows it
    }
    return { status: res.status, headers: res.headers, body: body as T } satisfies HttpResult<T>;
  };
  return {
    request,
    get: <T = Record<string, unknown>>(path: string) => request<T>('GET', path),
    /**
     * GET that must answer 200, waiting out the API's throttle (429 + Retry-After) as a client under
     * a usage plan must; any other status fails the test.
     */
    async getOk<T = Record<string, unknown>>(path: string): Promise<T> {
      for (let tries = 0; tries < 20; tries += 1) {
        const res = await request<T>('GET', path);
        if (res.status === 200) return res.body;
        if (res.status !== 429)
          throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
        await sleep(Math.max(0.2, Number(res.headers.get('retry-after') ?? '1')) * 1000);
      }
      throw new Error(`GET ${path} kept answering 429`);
    },
    post: <T = Record<string, unknown>>(path: string, body: string, headers: Record<string, string> = {}) =>
      request<T>('POST', path, { body, headers }),
    /** Polls GET /jobs/{id} until `done` says so or the time runs out; returns the last job seen. */
    async waitForJob(id: string, done: (job: Record<string, unknown>) => boolean, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Record<string, unknown> = {};
      while (Date.now() < deadline) {
        last = (await request<Record<string, unknown>>('GET', `/jobs/${id}`)).body;
        if (done(last)) return last;
        await sleep(50);
      }
      return last;
    },
  };
}

export const isFinished = (job: Record<string, unknown>) =>
  job.status === 'completed' || job.status === 'failed' || job.status === 'canceled';
