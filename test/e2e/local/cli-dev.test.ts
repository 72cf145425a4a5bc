import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BIN, ROOT } from '../cli-process.ts';
import { apiClient, isFinished } from '../client.ts';
import { startRuntimeProcess } from '../local-runtime-process.ts';
import { tempStateDir } from './harness.ts';

/**
 * A CDK app of the user's own, outside this repository: its cdk.json runs this repository's app
 * (through tsx, which the project does not install: the runtime finds this package's). Started with
 * `sqs-jobs dev` from a folder below the app's root, as a user would.
 */
const project = tempStateDir('cli-dev-app');
const stateDir = tempStateDir('cli-dev-state');
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

function writeProject(): string {
  const { watch: _watch, ...cdkJson } = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8'));
  writeFileSync(
    path.join(project, 'cdk.json'),
    JSON.stringify({ ...cdkJson, app: `tsx ${path.join(ROOT, 'infra', 'app.ts')}` }, null, 2),
  );
  const below = path.join(project, 'lib', 'deeper');
  mkdirSync(below, { recursive: true });
  return below;
}

describe.skipIf(!inject('embedded'))('sqs-jobs dev', () => {
  it('runs the CDK app found from the current folder up, serves a job, and stops on SIGINT with 0', async () => {
    const runtime = await startRuntimeProcess({
      stateDir,
      program: [BIN, 'dev'],
      cwd: writeProject(),
      timeoutMs: 150_000,
    });
    try {
      // npm start's banner, for the user's app: synthesized in its folder, the hints naming this command.
      expect(runtime.output()).toContain('template   cdk.out (synthesized in');
      expect(runtime.output()).toContain('(sqs-jobs dev --auth checks them)');
      expect(runtime.output()).not.toContain('Seeded the files bucket');

      const api = apiClient(runtime.apiUrl);
      const posted = await api.post('/jobs', '{"type":"noop"}', { 'content-type': 'application/json' });
      expect(posted.status).toBe(202);
      const job = await api.waitForJob(String(posted.body.id), isFinished, 20_000);
      expect(job).toMatchObject({ status: 'completed' });

      expect(await runtime.stop('SIGINT')).toBe(0);
      expect(runtime.output()).toContain('SIGINT: finishing in-flight requests and invocations');
      expect(runtime.output()).toContain('Stopped.');
      await expect(fetch(`${runtime.apiUrl}/health`)).rejects.toThrow();
    } finally {
      await runtime.stop('SIGKILL');
    }
  }, 200_000);
});
