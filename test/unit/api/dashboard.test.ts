import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_ASSETS, DASHBOARD_CSP, dashboardRoutes } from '../../../functions/api/dashboard.ts';
import { buildDashboard } from '../../../src/cdk/dashboard-build.ts';
import { httpErrorMapper } from '../../../src/http/error-mapper.ts';
import { createRouter } from '../../../src/http/router.ts';
import { apiEvent, lambdaContext } from '../../helpers/api-events.ts';

let outDir: string;
let assetDir: string;

beforeAll(() => {
  outDir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-dashboard-'));
  assetDir = buildDashboard(outDir);
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function serve(dir = assetDir) {
  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpErrorMapper(() => undefined))
    .handler(createRouter(dashboardRoutes(dir)));
  return async (event: APIGatewayProxyEvent) =>
    (await handler(event, lambdaContext())) as APIGatewayProxyResult;
}

const asset = (file: string, headers: Record<string, string> = {}) =>
  apiEvent('GET /dashboard/{file}', { path: `/dashboard/${file}`, pathParameters: { file }, headers });

describe('the dashboard build', () => {
  it('produces the page and exactly the files the API serves', () => {
    expect(readdirSync(assetDir).sort()).toEqual(['index.html', ...Object.keys(DASHBOARD_ASSETS)].sort());
    // uPlot is bundled into the page's own files, script and styles both.
    expect(readFileSync(path.join(assetDir, 'app.js'), 'utf8')).toMatch(/uplot/);
    expect(readFileSync(path.join(assetDir, 'style.css'), 'utf8')).toMatch(/\.uplot/);
  });
});

describe('GET /', () => {
  it('serves the page with a CSP that allows only its own script, styles and API', async () => {
    const res = await serve()(apiEvent('GET /'));
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': DASHBOARD_CSP,
      'x-content-type-options': 'nosniff',
    });
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(res.body).toContain('<script src="dashboard/app.js" defer></script>');
  });

  it('has no inline script, style or event handler the CSP would block', async () => {
    const html = (await serve()(apiEvent('GET /'))).body;
    expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="dashboard/app.js" defer>']);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });

  it('sends a browser at /prod (no slash) to /prod/, where its relative URLs resolve', async () => {
    const event = apiEvent('GET /');
    const res = await serve()({ ...event, requestContext: { ...event.requestContext, path: '/prod' } });
    expect(res.statusCode).toBe(302);
    expect(res.headers?.location).toBe('prod/');
  });
});

describe('GET /dashboard/{file}', () => {
  it('serves the script and styles with their types, and a 304 when the browser has them', async () => {
    const js = await serve()(asset('app.js'));
    expect(js.statusCode).toBe(200);
    expect(js.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
    });
    const css = await serve()(asset('style.css'));
    expect(css.headers?.['content-type']).toBe('text/css; charset=utf-8');
    const again = await serve()(asset('app.js', { 'If-None-Match': String(js.headers?.etag) }));
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 JSON for any other name, the page itself and paths out of the folder included', async () => {
    for (const file of ['index.html', '../index.js', 'app.js.map', 'nope.js']) {
      const res = await serve()(asset(file));
      expect(res.statusCode, file).toBe(404);
      expect(JSON.parse(res.body).error).toMatchObject({ code: 'NotFound', details: { file } });
    }
  });

  it('is a 500 that names nothing when the function was built without the dashboard', async () => {
    const res = await serve(path.join(outDir, 'missing'))(apiEvent('GET /'));
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('missing');
  });
});
