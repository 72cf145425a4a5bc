import { describeError } from './model.ts';

/** An API answer outside 2xx, with the API's own code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

/** Where the key lives: this browser session only (the tab), never a cookie or localStorage. */
export const API_KEY_STORAGE = 'sqs-jobs.apiKey';

export interface KeySource {
  /** Resolves once the user gave a key (stored under API_KEY_STORAGE); `rejected` says the last one failed. */
  ask(rejected: boolean): Promise<void>;
}

/**
 * Calls the API relative to the page (the page is the API's root: `/` locally, `/<stage>/` on AWS),
 * with the API key when there is one. A 401 or 403 asks for the key and tries again.
 */
export function createApi(keys: KeySource, storage: Storage = sessionStorage): ApiClient {
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const url = new URL(path, document.baseURI);
    while (true) {
      const key = storage.getItem(API_KEY_STORAGE);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (key) headers['x-api-key'] = key;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url, {
        method,
        headers,
        cache: 'no-store',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      if (res.status === 401 || res.status === 403) {
        await keys.ask(key !== null);
        continue;
      }
      const text = await res.text();
      const parsed = parse(text);
      if (!res.ok) {
        const { code, message } = describeError(res.status, parsed);
        throw new ApiError(res.status, code, message, path);
      }
      return parsed as T;
    }
  };
  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
  };
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
