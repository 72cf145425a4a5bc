import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SqsJobsStack } from '../../../infra/stack.ts';
import { SCRATCH_PREFIXES } from '../../../jobs/scratch.ts';
import { settingsFromContext } from '../../../src/cdk/settings.ts';

/** The feature flags `cdk synth` runs with (cdk.json), so tests see the template that gets deployed. */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = (
  JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

export interface SynthOptions {
  /** Context on top of cdk.json's, as `-c key=value` would give it. */
  readonly context?: Readonly<Record<string, string>>;
  /** @default true — false drops cdk.json's flags, i.e. what CDK does when a flag is unset */
  readonly featureFlags?: boolean;
  /** Runs on the stack before synthesis, e.g. to add a grant a test must catch. */
  readonly customize?: (stack: SqsJobsStack) => void;
}

/**
 * Synthesizes the stack without bundling the functions (an empty asset stands in), which keeps each
 * synth well under a second; nothing asserted on IAM, removal policies or logs depends on the code.
 */
export function synthStack(options: SynthOptions = {}): { stack: SqsJobsStack; template: Template } {
  const app = new App({
    context: {
      ...(options.featureFlags === false ? {} : CDK_JSON_CONTEXT),
      'aws:cdk:bundling-stacks': [],
      ...options.context,
    },
  });
  const stack = new SqsJobsStack(app, 'SqsJobs', { settings: settingsFromContext(app.node), ...APP_JOBS });
  options.customize?.(stack);
  return { stack, template: Template.fromStack(stack) };
}

/** This repository's jobs module and its scratch area, as infra/app.ts gives them to the stack. */
export const APP_JOBS = {
  jobs: path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../jobs/index.ts'),
  scratchPrefixes: SCRATCH_PREFIXES,
};
