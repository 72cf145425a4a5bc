import { App, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqsJobsStack } from '../../../infra/stack.ts';
import { settingsFromContext } from '../../../src/cdk/settings.ts';
import { APP_JOBS, CDK_JSON_CONTEXT } from './synth.ts';

interface NagRun {
  readonly errors: string[];
  readonly warnings: string[];
  readonly app: App;
}

/**
 * cdk-nag 3 is a policy-validation plugin, not an Aspect: it reports violations instead of annotations,
 * and honours `Validations.of(…).acknowledge()` (infra/nag-suppressions.ts) instead of NagSuppressions.
 * `validateScope` runs the same rules `cdk synth -c nag=true` runs.
 */
function nag(context: Record<string, string>, customize?: (stack: SqsJobsStack) => void): NagRun {
  const app = new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context } });
  const stack = new SqsJobsStack(app, 'SqsJobs', { settings: settingsFromContext(app.node), ...APP_JOBS });
  customize?.(stack);
  const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(app);
  const lines = (severity: string) =>
    report.violations
      .filter((v) => v.severity === severity)
      .flatMap((v) =>
        v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}: ${v.description}`),
      );
  return { errors: lines('error'), warnings: lines('warning'), app };
}

/** Every acknowledgement in the tree, as `rule: reason`. */
function acknowledgements(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) =>
      Object.entries(m.data as Record<string, string>).map(([id, reason]) => `${id}: ${reason}`),
    );
}

// prod with an alarm e-mail: API keys, usage plan and the SNS topic are all in the template.
describe.each([
  ['local', { stage: 'local' }],
  ['prod', { stage: 'prod', alarmEmail: 'ops@example.com' }],
  ['prod with IAM authorization', { stage: 'prod', auth: 'iam' }],
])('cdk-nag AwsSolutions on stage %s', (_stage, context) => {
  let run: NagRun;
  beforeAll(() => {
    run = nag(context);
  });

  it('has no unacknowledged errors', () => {
    expect(run.errors).toEqual([]);
  });

  it('has no unacknowledged warnings', () => {
    expect(run.warnings).toEqual([]);
  });

  it('gives every acknowledgement a one-line reason', () => {
    const acknowledged = acknowledgements(run.app);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const line of acknowledged) expect(line).toMatch(/^[^\n]+: [^\n]{20,}$/);
  });
});

it('still flags what nobody acknowledged', () => {
  // Guards the checks above against passing because the rules never ran.
  const { errors } = nag({ stage: 'local' }, (stack) => new Bucket(stack, 'Loose'));
  expect(errors).toEqual(
    expect.arrayContaining([expect.stringMatching(/^AwsSolutions-S10 at SqsJobs\/Loose\/Resource/)]),
  );
  expect(errors.join('\n')).not.toMatch(/SqsJobs\/(?!Loose)/);
});
