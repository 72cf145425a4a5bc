import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../cli-process.ts';
import { type RuntimeProcess, startRuntimeProcess } from '../local-runtime-process.ts';
import { tempStateDir } from './harness.ts';

/**
 * sqs-jobs as a team adopts it: `npm pack`, the tarball installed into a fresh project outside the
 * repository (its own package.json, cdk.json, CDK app and a jobs module with a type of its own,
 * test/e2e/package-app/), `tsc` over its typed client code, `npx sqs-jobs dev`, and a script that
 * enqueues through `createClient<typeof jobs>` and waits for the typed result. Nothing of the
 * repository is on the project's path: only what the tarball holds.
 */
const run = promisify(execFile);
const FIXTURE = path.join(ROOT, 'test', 'e2e', 'package-app');
const work = tempStateDir('package');
const project = path.join(work, 'greeter-app');
const stateDir = path.join(work, 'state');
/** This Node (24) first, as the project's own `node` would be; npm and npx run on it. */
const env = {
  ...process.env,
  PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
  // The repository's test settings are not the project's.
  SQS_JOBS_API_URL: '',
  SQS_JOBS_API_KEY: '',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

/** The version of `name` the repository tested with, so the project gets the same (from npm's cache). */
function testedVersion(name: string): string {
  return (
    JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

async function inProject(file: string, args: readonly string[], extraEnv: Record<string, string> = {}) {
  return run(file, [...args], {
    cwd: project,
    env: { ...env, ...extraEnv },
    maxBuffer: 32 * 1024 * 1024,
    timeout: 240_000,
  });
}

let tarball = '';
let runtime: RuntimeProcess | undefined;

describe.skipIf(!inject('embedded'))('the sqs-jobs package in a project of its own', () => {
  beforeAll(async () => {
    // prepack compiles dist/ (JS + .d.ts) and builds the dashboard page; the tarball holds that.
    await run('npm', ['pack', '--pack-destination', work], {
      cwd: ROOT,
      env,
      maxBuffer: 32 * 1024 * 1024,
      timeout: 240_000,
    });
    // The prepack script's lines share stdout with npm's: the tarball is the one file it wrote.
    tarball = path.join(work, readdirSync(work).find((file) => file.endsWith('.tgz')) ?? 'no tarball');

    mkdirSync(project, { recursive: true });
    cpSync(FIXTURE, project, { recursive: true });
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify(
        {
          name: 'greeter-app',
          private: true,
          type: 'module',
          dependencies: {
            'sqs-jobs': `file:${tarball}`,
            zod: testedVersion('zod'),
            'aws-cdk-lib': testedVersion('aws-cdk-lib'),
            constructs: testedVersion('constructs'),
          },
          devDependencies: {
            'aws-cdk': testedVersion('aws-cdk'),
            tsx: testedVersion('tsx'),
            typescript: testedVersion('typescript'),
            '@types/node': testedVersion('@types/node'),
          },
        },
        null,
        2,
      ),
    );
    await inProject('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']);
  }, 600_000);

  afterAll(async () => {
    // After a failure: the whole group, npx and the runtime under it.
    if (runtime?.child.exitCode === null)
      await runtime.signalAndWait('group', 'SIGKILL', 15_000).catch(() => {});
    rmSync(work, { recursive: true, force: true });
  });

  it('ships compiled JavaScript and declarations for every entry, and none of the sources or tests', () => {
    const installed = path.join(project, 'node_modules', 'sqs-jobs');
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string } | string>;
    };
    for (const entry of ['.', './cdk', './client', './producer']) {
      const target = manifest.exports[entry];
      expect(target, entry).toMatchObject({ types: expect.stringMatching(/\.d\.ts$/) });
      if (typeof target === 'object') {
        expect(readdirSync(path.dirname(path.join(installed, target.default)))).toContain(
          path.basename(target.default),
        );
      }
    }
    const top = readdirSync(installed).sort();
    expect(top).toEqual(['README.md', 'bin', 'dist', 'package.json']);
    const files = readdirSync(path.join(installed, 'dist'), { recursive: true, encoding: 'utf8' });
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files).toContain(path.join('dashboard', 'app.js'));
  });

  it('type-checks the project: typed payloads and results, and the expected errors are errors', async () => {
    // type-errors.ts holds an unknown type, a missing field, a wrong type and a result field the
    // handler does not return, each under @ts-expect-error: tsc fails if any of them compiles.
    await expect(inProject('npx', ['tsc', '-p', '.'])).resolves.toMatchObject({ stderr: '' });
  }, 120_000);

  it('runs the app with npx sqs-jobs dev and serves its own job type to the typed client', async () => {
    runtime = await startRuntimeProcess({
      stateDir,
      command: 'npx',
      program: ['sqs-jobs', 'dev'],
      // In a process group of its own, as a terminal runs it: npx passes no signal on, Ctrl-C
      // reaches every process of the group.
      group: true,
      cwd: project,
      env,
      timeoutMs: 240_000,
    });
    const banner = runtime.output();
    expect(banner).toContain('stack GreeterApp');
    expect(banner).toMatch(/Job types\s+greet/);
    expect(banner).toContain(`-d '{"type":"greet","payload":{"name":"example"}}'`);

    const enqueued = await inProject('npx', ['tsx', 'enqueue.ts'], { SQS_JOBS_API_URL: runtime.apiUrl });
    expect(JSON.parse(enqueued.stdout)).toEqual({
      id: expect.any(String),
      type: 'greet',
      status: 'completed',
      greeting: 'HELLO, ADA!',
      attempt: 1,
      missing: 'JobNotFound',
    });

    // The CLI the package installs: a finished job as JSON, and a bad payload named by its field.
    const submitted = await inProject(
      'npx',
      ['sqs-jobs', 'submit', 'greet', '--payload', '{"name":"Bob"}', '--wait', '--json'],
      { SQS_JOBS_API_URL: runtime.apiUrl },
    );
    expect(JSON.parse(submitted.stdout)).toMatchObject({
      type: 'greet',
      status: 'completed',
      result: { greeting: 'Hello, Bob!', attempt: 1 },
    });
    const refused = await inProject('npx', ['sqs-jobs', 'submit', 'greet', '--payload', '{}'], {
      SQS_JOBS_API_URL: runtime.apiUrl,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(refused?.code).not.toBe(0);
    expect(refused?.stderr).toMatch(/payload field "name"/);

    // A handler's PermanentJobError (exported by the package) fails the job at once.
    const permanent = await inProject(
      'npx',
      ['sqs-jobs', 'submit', 'greet', '--payload', '{"name":"nobody"}', '--wait', '--json'],
      { SQS_JOBS_API_URL: runtime.apiUrl },
    ).then(
      (done) => done,
      (error: { stdout: string }) => error,
    );
    expect(JSON.parse(permanent.stdout)).toMatchObject({ status: 'failed', attempts: 1 });

    await runtime.signalAndWait('group', 'SIGINT', 60_000);
    expect(runtime.output()).toContain('Stopped.');
  }, 400_000);
});
