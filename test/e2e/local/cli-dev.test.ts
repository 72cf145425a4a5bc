import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BIN, ROOT } from '../cli-process.ts';
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
    const child = spawn(
      process.execPath,
      [
        BIN,
        'dev',
        '--port',
        '0',
        '--dynamodb-port',
        '0',
        '--sqs-port',
        '0',
        '--state-dir',
        stateDir,
        '--quiet',
      ],
      { cwd: writeProject(), env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 150_000;
      while (!/SQS_JOBS_DEAD_LETTER_QUEUE_URL=\S+\n/.test(output)) {
        if (child.exitCode !== null)
          throw new Error(`sqs-jobs dev exited with ${child.exitCode}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`sqs-jobs dev not ready:\n${output}`);
        await sleep(200);
      }
      const apiUrl = /SQS_JOBS_API_URL=(\S+)/.exec(output)?.[1] as string;
      // The same banner as npm start, for the user's app: synthesized in its folder, hints naming this command.
      expect(output).toContain('template   cdk.out (synthesized in');
      expect(output).toContain('(sqs-jobs dev --auth checks them)');
      expect(output).not.toContain('Seeded the files bucket');

      const posted = await fetch(`${apiUrl}/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"type":"noop"}',
      });
      expect(posted.status).toBe(202);
      const { id } = (await posted.json()) as { id: string };
      let status = '';
      for (let tries = 0; tries < 200 && status !== 'completed'; tries++) {
        status = ((await (await fetch(`${apiUrl}/jobs/${id}`)).json()) as { status: string }).status;
        if (status !== 'completed') await sleep(100);
      }
      expect(status).toBe('completed');

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).toContain('SIGINT: finishing in-flight requests and invocations');
      expect(output).toContain('Stopped.');
      await expect(fetch(`${apiUrl}/health`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 200_000);
});
