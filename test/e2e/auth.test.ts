import { describe, expect, inject, it } from 'vitest';
import { apiClient } from './client.ts';
import { expectGatewayAnswer } from './gateway-answers.ts';

const baseUrl = inject('apiUrl');
const api = apiClient(baseUrl);
const authRequired = inject('authRequired');
const target = inject('target');

/** A request with exactly the headers given: no API key unless the test adds one. */
async function bare(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  const json = () => JSON.parse(text) as unknown;
  return { status: res.status, headers: res.headers, text, json, body: parseOrText(text) };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

describe('health check', () => {
  it('answers without a key, whatever the stage', async () => {
    const res = await bare('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });
});

describe.runIf(authRequired)('with API keys on', () => {
  it.each([
    ['GET', '/status'],
    ['GET', '/jobs/some-id'],
    ['GET', '/jobs/some-id/status'],
    ['POST', '/jobs'],
    ['POST', '/dlq/redrive'],
  ])('%s %s without a key is refused by the gateway (403)', async (method, path) => {
    const res = await bare(
      method,
      path,
      { 'content-type': 'application/json' },
      method === 'POST' ? '{}' : undefined,
    );
    expectGatewayAnswer(res, target, 'INVALID_API_KEY');
  });

  it('refuses a wrong key, even one that differs in the last character', async () => {
    const key = process.env.SQS_JOBS_API_KEY ?? '';
    const wrong = `${key.slice(0, -1)}${key.endsWith('x') ? 'y' : 'x'}`;
    const res = await bare('GET', '/status', { 'x-api-key': wrong });
    expectGatewayAnswer(res, target, 'INVALID_API_KEY');
  });

  it('serves and accepts jobs with the key', async () => {
    expect((await api.get('/status')).status).toBe(200);
    const res = await api.post('/jobs', JSON.stringify({ type: 'noop' }), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(202);
  });
});

describe.runIf(!authRequired)('with API keys not checked (npm start without --auth)', () => {
  it('serves every route without a key', async () => {
    expect((await bare('GET', '/status')).status).toBe(200);
  });
});
