import { createRequire } from 'node:module';
import { describe, expect, inject, it } from 'vitest';
import { apiClient, isFinished } from './client.ts';

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly metrics: readonly { readonly labels?: Record<string, string>; readonly value?: string }[];
}
const require = createRequire(import.meta.url);
/** A Prometheus text-format parser (the format Prometheus itself scrapes), not our own code. */
const parse = require('parse-prometheus-text-format') as (text: string) => Family[];

const api = apiClient(inject('apiUrl'));

describe('GET /metrics', () => {
  it('serves Prometheus text that a Prometheus parser reads, agreeing with GET /status', async () => {
    const { body } = await api.post<{ id: string }>('/jobs', JSON.stringify({ type: 'noop' }), {
      'content-type': 'application/json',
    });
    await api.waitForJob(body.id, isFinished);

    const res = await api.request<string>('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parse(res.body);
    const byName = new Map(families.map((f) => [f.name, f]));
    for (const family of families) {
      expect(family.help, family.name).not.toBe('');
      expect(['counter', 'gauge', 'summary', 'histogram', 'untyped']).toContain(family.type.toLowerCase());
      expect(family.name).toMatch(/^sqs_jobs_/);
    }
    expect(byName.get('sqs_jobs_jobs_total')?.type).toBe('COUNTER');
    expect(byName.get('sqs_jobs_jobs')?.type).toBe('GAUGE');

    // The counts agree with /status read right after (nothing else runs in this suite meanwhile).
    const status = (await api.get<Record<string, number>>('/status')).body;
    const value = (family: string, labels: Record<string, string>) =>
      Number(
        byName
          .get(family)
          ?.metrics.find(
            (m) =>
              Object.entries(labels).every(([k, v]) => m.labels?.[k] === v) &&
              Object.keys(m.labels ?? {}).length === Object.keys(labels).length,
          )?.value,
      );
    expect(value('sqs_jobs_jobs_total', { status: 'completed' })).toBe(status.completed);
    expect(value('sqs_jobs_jobs', { status: 'pending' })).toBe(status.pending);
    expect(value('sqs_jobs_workers', { state: 'limit' })).toBe(status.workers);
    expect(status.completed).toBeGreaterThanOrEqual(1);
  });
});
