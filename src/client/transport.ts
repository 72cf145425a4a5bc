import { apiErrorFrom, networkError, parseJson, unreadableAnswer } from './api-error.ts';
import type { ResolvedOptions } from './options.ts';
import { isRetryable, retryDelayMs } from './retry.ts';
import { sleep } from './sleep.ts';

/** One call to the API. */
export interface ApiCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The route's path, e.g. `/jobs/abc`: the stage prefix of the base URL goes before it. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** Sent as JSON; no body at all when undefined. */
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
  /** Whether a 2xx body is what the route answers; the caller reads fields of it. */
  readonly isAnswer?: (body: object) => boolean;
  /** The route answers 204 without a body (DELETE): any 2xx resolves, its body unread. */
  readonly noContent?: boolean;
}

/** A 2xx answer: its status and its JSON body (undefined for a `noContent` call). */
export interface Answer<T> {
  readonly status: number;
  readonly body: T;
}

/** Sends a call and resolves with its JSON answer, or rejects with a SqsJobsApiError. */
export interface Transport {
  <T>(call: ApiCall): Promise<T>;
  /** The same call, answered with its status too: for routes whose 2xx says something (201 created, 200 replaced). */
  answer<T>(call: ApiCall): Promise<Answer<T>>;
}

/**
 * Every request goes through here: URL, auth headers (API key, SigV4 signed afresh for each try), the
 * retries of 429s and safe 503s, and the mapping of every other failure to one SqsJobsApiError.
 */
export function createTransport(options: ResolvedOptions): Transport {
  const prefix = options.baseUrl.pathname.replace(/\/+$/, '');
  const answer = async <T>(call: ApiCall): Promise<Answer<T>> => {
    const url = new URL(`${options.baseUrl.origin}${prefix}${call.path}${queryString(call.query)}`);
    const request = { method: call.method, url: url.href };
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    for (let retry = 0; ; retry++) {
      // Outside the try: a credentials provider that fails is not a network failure.
      const headers = await requestHeaders(options, call.method, url, body);
      let response: Response;
      let text: string;
      try {
        response = await options.fetch(url, {
          method: call.method,
          headers,
          ...(body === undefined ? {} : { body }),
          ...(call.signal ? { signal: call.signal } : {}),
        });
        text = await response.text();
      } catch (cause) {
        if (call.signal?.aborted) throw call.signal.reason;
        throw networkError(cause, request);
      }
      if (response.ok) {
        if (call.noContent) return { status: response.status, body: undefined as T };
        const parsed = parseJson(text);
        if (typeof parsed !== 'object' || parsed === null || call.isAnswer?.(parsed) === false)
          throw unreadableAnswer(response.status, response.headers, text, request);
        return { status: response.status, body: parsed as T };
      }
      const error = apiErrorFrom(response.status, response.headers, text, request);
      if (retry >= options.maxRetries || !isRetryable(call.method, call.path, error)) throw error;
      await sleep(retryDelayMs(response.headers.get('retry-after'), retry), call.signal);
    }
  };
  return Object.assign(async <T>(call: ApiCall): Promise<T> => (await answer<T>(call)).body, { answer });
}

async function requestHeaders(
  options: ResolvedOptions,
  method: string,
  url: URL,
  body: string | undefined,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(options.apiKey === undefined ? {} : { 'x-api-key': options.apiKey }),
  };
  if (!options.signer) return headers;
  const sign = await options.signer();
  return sign({ method, url, headers, body });
}

/** `?a=1&b=x`, leaving out undefined values; encoded the way SigV4 expects (RFC 3986). */
function queryString(query: ApiCall['query']): string {
  const pairs = Object.entries(query ?? {}).flatMap(([name, value]) =>
    value === undefined ? [] : [`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`],
  );
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}
