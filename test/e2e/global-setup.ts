import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type RuntimeProcess, startRuntimeProcess } from './local-runtime-process.ts';
import { type E2eTarget, resolveTarget } from './target.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    /** The global setup started the embedded runtime itself (and its state is the suite's alone). */
    embedded: boolean;
    /** What answers: decides what the gateway's own errors look like (target.ts). */
    target: E2eTarget;
    /** Where the suite may read the dead-letter queue with the AWS SDK ('' when unknown). */
    sqsEndpoint: string;
    deadLetterQueueUrl: string;
    /** The stack requires API keys; the suite sends SQS_JOBS_API_KEY (client.ts). */
    authRequired: boolean;
  }
}

/**
 * The e2e suite talks HTTP to whatever SQS_JOBS_API_URL names (LocalStack, AWS; with keys on, give
 * the key in SQS_JOBS_API_KEY, and say what runs there in SQS_JOBS_E2E_TARGET unless the URL does:
 * see resolveTarget); when it is unset, it starts the embedded runtime itself with fresh state —
 * with `--auth` and a fresh key when SQS_JOBS_E2E_AUTH=1, so the suite runs both ways.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.SQS_JOBS_API_URL;
  const target = resolveTarget({ target: process.env.SQS_JOBS_E2E_TARGET, apiUrl: given });
  project.provide('target', target);
  if (given) {
    project.provide('apiUrl', given.replace(/\/$/, ''));
    project.provide('embedded', false);
    // Deployed stacks: the DeadLetterQueueUrl stack output, read with the ambient AWS credentials.
    project.provide('sqsEndpoint', process.env.AWS_ENDPOINT_URL_SQS ?? process.env.AWS_ENDPOINT_URL ?? '');
    project.provide('deadLetterQueueUrl', process.env.SQS_JOBS_DEAD_LETTER_QUEUE_URL ?? '');
    project.provide('authRequired', Boolean(process.env.SQS_JOBS_API_KEY));
    return async () => undefined;
  }
  const auth = process.env.SQS_JOBS_E2E_AUTH === '1';
  if (auth) {
    // Test files run in workers forked after this setup: they inherit the key from this environment.
    process.env.SQS_JOBS_API_KEY = randomBytes(24).toString('base64url');
  } else {
    delete process.env.SQS_JOBS_API_KEY;
  }
  const stateDir = mkdtempSync(path.join(tmpdir(), 'sqs-jobs-e2e-'));
  let runtime: RuntimeProcess | undefined;
  try {
    runtime = await startRuntimeProcess({
      stateDir,
      ...(auth
        ? { args: ['--auth'], env: { SQS_JOBS_API_KEY: process.env.SQS_JOBS_API_KEY as string } }
        : {}),
    });
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('apiUrl', runtime.apiUrl);
  project.provide('embedded', true);
  project.provide('sqsEndpoint', runtime.sqsEndpoint);
  project.provide('deadLetterQueueUrl', runtime.deadLetterQueueUrl);
  project.provide('authRequired', auth);
  return async () => {
    await runtime?.stop('SIGINT');
    // Unexpected API errors are logged by the function, not returned: show them before the state goes.
    const apiLog = path.join(stateDir, 'logs', 'api.log');
    if (existsSync(apiLog))
      console.error(`--- api function output ---\n${readFileSync(apiLog, 'utf8').slice(-20_000)}`);
    rmSync(stateDir, { recursive: true, force: true });
  };
}
