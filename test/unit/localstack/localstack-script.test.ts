import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveTarget } from '../../e2e/target.ts';

/**
 * localstack/localstack.sh and its compose file, checked without Docker or LocalStack: the script runs
 * for real with `docker`, `curl`, `npx` and `aws` replaced on PATH by recorders, and the environment it
 * builds for cdklocal goes through aws-cdk-local's own check.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCRIPT = 'localstack/localstack.sh';
const COMPOSE_FILE = path.join(ROOT, 'localstack/docker-compose.yml');
const require = createRequire(import.meta.url);
const cdkLocal = require('aws-cdk-local/src/index.js') as {
  configureEnvironment: (env: Record<string, string | undefined>, allowList: string) => void;
};

/** Environment variables a recorder writes down with each call. */
const RECORDED = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_S3',
  'AWS_ENVAR_ALLOWLIST',
  'AWS_REGION',
  'LOCALSTACK_AUTH_TOKEN',
  'SQS_JOBS_API_URL',
  'SQS_JOBS_API_KEY',
  'SQS_JOBS_E2E_TARGET',
  'SQS_JOBS_DEAD_LETTER_QUEUE_URL',
] as const;

interface Call {
  readonly command: string;
  readonly args: string[];
  readonly env: Partial<Record<(typeof RECORDED)[number], string>>;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-localstack-'));
  const recorder = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const env = Object.fromEntries(${JSON.stringify(RECORDED)}.filter((n) => n in process.env).map((n) => [n, process.env[n]]));
fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify({ command: path.basename(process.argv[1]), args: process.argv.slice(2), env }) + '\\n');
if (path.basename(process.argv[1]) === 'aws') console.log('key-value-from-aws');
`;
  for (const command of ['docker', 'curl', 'npx', 'aws']) {
    writeFileSync(path.join(dir, command), recorder);
    chmodSync(path.join(dir, command), 0o755);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the script with only PATH, HOME and `env` set (no token, no AWS_* from the machine). */
function run(args: string[], env: Record<string, string> = {}) {
  const log = path.join(dir, `calls-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(log, '');
  const result = spawnSync('bash', [SCRIPT, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: `${dir}:${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      HOME: dir,
      FAKE_LOG: log,
      ...env,
    },
  });
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Call);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls };
}

const invocation = (call: Call) => [call.command, ...call.args].join(' ');

describe('localstack.sh', () => {
  it('is valid bash', () => {
    expect(spawnSync('bash', ['-n', SCRIPT], { cwd: ROOT, encoding: 'utf8' }).status).toBe(0);
  });

  it('gives cdklocal AWS_ENDPOINT_URL_S3 with AWS_ENDPOINT_URL, which aws-cdk-local itself accepts', () => {
    const { status, stdout } = run(['env'], { AWS_REGION: 'eu-west-1' });
    expect(status).toBe(0);
    const env = Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/=(.*)/s, 2)),
    ) as Record<string, string>;
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL: 'http://localhost.localstack.cloud:4566',
      AWS_ENDPOINT_URL_S3: 'http://s3.localhost.localstack.cloud:4566',
      AWS_REGION: 'eu-west-1',
    });
    // What cdklocal does with it: passes the check, keeps both endpoints and (allow-listed) the region.
    const configured = { ...env };
    cdkLocal.configureEnvironment(configured, env.AWS_ENVAR_ALLOWLIST ?? '');
    expect(configured).toMatchObject({
      AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL,
      AWS_ENDPOINT_URL_S3: env.AWS_ENDPOINT_URL_S3,
      AWS_REGION: 'eu-west-1',
    });
    // The check this guards against is live in the installed aws-cdk-local.
    const { AWS_ENDPOINT_URL_S3: _s3, ...withoutS3 } = env;
    expect(() => cdkLocal.configureEnvironment(withoutS3, '')).toThrow(
      "If specifying 'AWS_ENDPOINT_URL' then 'AWS_ENDPOINT_URL_S3' must be specified",
    );
  });

  it('deploys with cdklocal, the S3 endpoint set, and no auth token needed', () => {
    const outputs = path.join(dir, 'deploy', 'outputs.json');
    const { status, stderr, calls } = run(['deploy'], { SQS_JOBS_LOCALSTACK_OUTPUTS: outputs });
    expect(status, stderr).toBe(0);
    const npx = calls.filter((call) => call.command === 'npx');
    expect(npx.map(invocation)).toEqual([
      'npx --no-install cdklocal bootstrap',
      `npx --no-install cdklocal deploy --require-approval never --outputs-file ${outputs}`,
    ]);
    for (const call of npx) {
      expect(call.env).toMatchObject({
        AWS_ENDPOINT_URL_S3: 'http://s3.localhost.localstack.cloud:4566',
        AWS_ENVAR_ALLOWLIST: 'AWS_REGION,AWS_DEFAULT_REGION',
      });
    }
    expect(calls.map(invocation)).toContain(
      'curl -fsS http://localhost.localstack.cloud:4566/_localstack/health',
    );
  });

  it('refuses `up` without LOCALSTACK_AUTH_TOKEN before starting anything, and starts with it', () => {
    const without = run(['up']);
    expect(without.status).not.toBe(0);
    expect(without.stderr).toContain('LOCALSTACK_AUTH_TOKEN is not set');
    expect(without.calls.map(invocation)).not.toContain(
      'docker compose -f localstack/docker-compose.yml up -d --wait',
    );
    const withToken = run(['up'], { LOCALSTACK_AUTH_TOKEN: 'ls-test' });
    expect(withToken.status, withToken.stderr).toBe(0);
    const up = withToken.calls.find((call) => call.args[0] === 'compose');
    expect(up && invocation(up)).toBe('docker compose -f localstack/docker-compose.yml up -d --wait');
    expect(up?.env.LOCALSTACK_AUTH_TOKEN).toBe('ls-test');
  });

  it('stops LocalStack with `down` without the token', () => {
    const { status, stderr, calls } = run(['down']);
    expect(status, stderr).toBe(0);
    expect(calls.map(invocation)).toContain('docker compose -f localstack/docker-compose.yml down');
  });

  it('runs the e2e suite against the deployed stage with its URL, key, dead-letter queue and target', () => {
    const outputs = path.join(dir, 'outputs.json');
    writeFileSync(
      outputs,
      JSON.stringify({
        SqsJobs: {
          RestApiId: 'abc123',
          StageName: 'dev',
          ApiKeyId: 'key-1',
          DeadLetterQueueUrl: 'http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/dlq',
        },
      }),
    );
    const { status, stderr, calls } = run(['test', 'test/e2e/auth.test.ts'], {
      SQS_JOBS_LOCALSTACK_OUTPUTS: outputs,
    });
    expect(status, stderr).toBe(0);
    expect(calls.map(invocation)).toContain(
      'aws --endpoint-url=http://localhost.localstack.cloud:4566 apigateway get-api-key --api-key key-1 --include-value --query value --output text',
    );
    const suite = calls.find((call) => call.command === 'npx');
    expect(suite && invocation(suite)).toBe(
      'npx --no-install vitest run --project e2e test/e2e/auth.test.ts',
    );
    expect(suite?.env).toMatchObject({
      SQS_JOBS_API_URL: 'http://abc123.execute-api.localhost.localstack.cloud:4566/dev',
      SQS_JOBS_API_KEY: 'key-value-from-aws',
      SQS_JOBS_E2E_TARGET: 'localstack',
      SQS_JOBS_DEAD_LETTER_QUEUE_URL: 'http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/dlq',
    });
    // The suite's own reading of the same variables agrees.
    expect(resolveTarget({ apiUrl: suite?.env.SQS_JOBS_API_URL })).toBe('localstack');
  });

  it('says what to run first when the stack was not deployed', () => {
    const { status, stderr } = run(['test'], { SQS_JOBS_LOCALSTACK_OUTPUTS: path.join(dir, 'none.json') });
    expect(status).not.toBe(0);
    expect(stderr).toContain("run 'npm run localstack:deploy' first");
  });
});

/**
 * Settings LocalStack has removed or replaced (its configuration reference, "Deprecated" and the v2
 * Lambda migration notes): setting them does nothing or is refused.
 */
const OBSOLETE_SETTINGS = [
  'LAMBDA_EXECUTOR',
  'LAMBDA_REMOTE_DOCKER',
  'LAMBDA_STAY_OPEN_MODE',
  'LAMBDA_CODE_EXTRACT_TIME',
  'LAMBDA_CONTAINER_REGISTRY',
  'HOST_TMP_FOLDER',
  'DATA_DIR',
  'EDGE_PORT',
  'HOSTNAME_EXTERNAL',
  'LOCALSTACK_API_KEY',
  'LEGACY_DIRECTORIES',
  'SERVICES',
];

describe('localstack/docker-compose.yml', () => {
  const text = readFileSync(COMPOSE_FILE, 'utf8');
  const compose = parse(text) as {
    services: { localstack: { environment: Record<string, string>; image: string } };
  };
  const environment = compose.services.localstack.environment;

  it('runs the arm64 functions on any host architecture', () => {
    expect(environment.LAMBDA_IGNORE_ARCHITECTURE).toBe('1');
  });

  it('sets none of the settings LocalStack has dropped', () => {
    expect(Object.keys(environment).filter((name) => OBSOLETE_SETTINGS.includes(name))).toEqual([]);
  });

  it('requires no variable, so every compose command works without the token', () => {
    // `${VAR:?msg}` and `${VAR?msg}` fail interpolation of the whole file, whatever the command.
    expect(text).not.toMatch(/\$\{\w+:?\?/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's interpolation syntax, not JavaScript's
    expect(environment.LOCALSTACK_AUTH_TOKEN).toBe('${LOCALSTACK_AUTH_TOKEN:-}');
  });
});
