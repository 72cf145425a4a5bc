import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { SqsJobsError } from '../../src/core/errors.ts';
import { headerValue } from '../../src/http/json-body.ts';
import type { RouteHandler } from '../../src/http/router.ts';

/** The folder, next to the bundled handler, that the API function's build puts the dashboard in. */
export const DASHBOARD_DIR = 'dashboard';

/** The only files `GET /dashboard/{file}` serves: what infra/dashboard-build.ts produces. */
export const DASHBOARD_ASSETS = {
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
} as const;

export type DashboardRoute = 'GET /' | 'GET /dashboard/{file}';

/**
 * The page runs only its own script and stylesheet and talks only to its own API, so a job payload
 * that smuggled markup past the renderer still could not run or load anything.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export class DashboardFileNotFoundError extends SqsJobsError {
  constructor(readonly file: string) {
    super('NotFound', `The dashboard has no file "${file}".`, { file });
  }
}

interface LoadedFile {
  readonly body: string;
  readonly etag: string;
}

/**
 * `GET /` (the page) and `GET /dashboard/{file}` (its script and styles), read from `assetDir` once
 * per cold start. Public routes: the page asks for the API key itself when the API wants one.
 */
export function dashboardRoutes(assetDir: string = bundledAssetDir()): Record<DashboardRoute, RouteHandler> {
  const cache = new Map<string, LoadedFile>();
  const load = (name: string): LoadedFile => {
    let file = cache.get(name);
    if (!file) {
      const body = readBuiltFile(assetDir, name);
      file = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
      cache.set(name, file);
    }
    return file;
  };
  return {
    'GET /': async (event) => {
      const redirect = trailingSlashRedirect(event);
      if (redirect) return redirect;
      return serve(event, load('index.html'), 'text/html; charset=utf-8', {
        'content-security-policy': DASHBOARD_CSP,
        'x-frame-options': 'DENY',
      });
    },
    'GET /dashboard/{file}': async (event) => {
      const name = event.pathParameters?.file ?? '';
      if (!Object.hasOwn(DASHBOARD_ASSETS, name)) throw new DashboardFileNotFoundError(name);
      return serve(event, load(name), DASHBOARD_ASSETS[name as keyof typeof DASHBOARD_ASSETS]);
    },
  };
}

/** In the Lambda bundle (CommonJS) the handler's folder; only evaluated when no folder is given. */
function bundledAssetDir(): string {
  return path.join(__dirname, DASHBOARD_DIR);
}

function readBuiltFile(assetDir: string, name: string): string {
  try {
    return readFileSync(path.join(assetDir, name), 'utf8');
  } catch (error) {
    // A build without the dashboard step: a deployment fault (a 500, logged), not the caller's.
    throw new Error(`The dashboard file ${name} is missing from ${assetDir}; was it built?`, {
      cause: error,
    });
  }
}

/**
 * On API Gateway the API's root is `/prod` as well as `/prod/`, and the page's relative URLs
 * (`dashboard/app.js`, `status`) only resolve under the second. `requestContext.path` is the path as
 * the browser sent it, so its last segment plus a slash is where the browser should be.
 */
function trailingSlashRedirect(event: APIGatewayProxyEvent): APIGatewayProxyResult | undefined {
  const sent = event.requestContext?.path;
  if (!sent || sent.endsWith('/')) return undefined;
  const last = sent.slice(sent.lastIndexOf('/') + 1);
  return {
    statusCode: 302,
    headers: { location: `${encodeURIComponent(last)}/`, 'cache-control': 'no-store' },
    body: '',
  };
}

function serve(
  event: APIGatewayProxyEvent,
  file: LoadedFile,
  contentType: string,
  extra: Record<string, string> = {},
): APIGatewayProxyResult {
  const headers = {
    // Revalidated on every load (a 304 when unchanged), so a deploy never mixes old and new files.
    'cache-control': 'no-cache',
    etag: file.etag,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...extra,
  };
  if (headerValue(event.headers, 'if-none-match') === file.etag) {
    return { statusCode: 304, headers, body: '' };
  }
  return { statusCode: 200, headers: { ...headers, 'content-type': contentType }, body: file.body };
}
