import { CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { FilesBucket } from './constructs/files-bucket.ts';
import type { JobsApi } from './constructs/jobs-api.ts';
import type { ServiceFunction } from './constructs/service-function.ts';

/** The parts of the stack that carry an acknowledged cdk-nag finding. */
export interface NagFindingScope {
  readonly functions: Readonly<Record<'api' | 'worker' | 'stats', ServiceFunction>>;
  readonly files: FilesBucket;
  readonly api: JobsApi;
  readonly scratchPrefixes: readonly string[];
}

/**
 * Every AwsSolutions finding the stack keeps on purpose, each with the reason a reviewer signed off on.
 * Findings that could be fixed were fixed in the constructs; test/unit/infra/nag.test.ts fails on any
 * finding not listed here. Acknowledging a construct covers its children, and IAM5 findings are
 * acknowledged one wildcard at a time, so a new wildcard still fails.
 */
export function acknowledgeNagFindings(stack: NagFindingScope): void {
  for (const fn of Object.values(stack.functions)) {
    acknowledge(
      fn.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions; iam.test.ts allows "*" for those two only',
    );
  }
  acknowledge(
    stack.functions.worker.role,
    `AwsSolutions-IAM5[Resource::<${logicalIdOf(stack.files.bucket)}.Arn>/*]`,
    'Job files are keyed per job at run time; only GetObject and PutObject apply to every object',
  );
  for (const prefix of stack.scratchPrefixes) {
    acknowledge(
      stack.functions.worker.role,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(stack.files.bucket)}.Arn>/${prefix}*]`,
      'DeleteObject only, and only in the scratch area, whose files jobs name at run time',
    );
  }

  const api = stack.api.api;
  // auth=iam: the read and admin policies name route patterns, not single routes.
  for (const [policy, methods, reason] of [
    [
      stack.api.readPolicy,
      'GET',
      'Read access is every GET route of this one API stage; job ids are only known at run time',
    ],
    [
      stack.api.adminPolicy,
      '*',
      'Admin access is every route of this one API stage, which is what admin means',
    ],
  ] as const) {
    if (!policy) continue;
    // cdk-nag writes a known partition or region as it is, and an unknown one as <AWS::…>.
    const named = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
    const { partition: p, region: r, account: a } = Stack.of(api);
    const [partition, region, account] = [
      named(p, 'AWS::Partition'),
      named(r, 'AWS::Region'),
      named(a, 'AWS::AccountId'),
    ];
    const apiStage = `<${logicalIdOf(api)}>/<${logicalIdOf(api.deploymentStage)}>`;
    acknowledge(
      policy,
      `AwsSolutions-IAM5[Resource::arn:${partition}:execute-api:${region}:${account}:${apiStage}/${methods}/*]`,
      reason,
    );
  }
  acknowledge(
    api,
    'AwsSolutions-APIG4',
    'Callers hold an API key (usage plan throttle + quota) or sign with IAM (-c auth=iam, where the methods use AWS_IAM); keys are on for every stage unless -c auth=none, which synth warns about',
  );
  acknowledge(
    api,
    'AwsSolutions-COG4',
    'Authorization is API keys + usage plan or IAM, not Cognito users: callers are services and AWS identities',
  );
  acknowledge(
    api,
    'AwsSolutions-APIG3',
    'No WAF: stage throttling bounds floods and a web ACL per stage costs more than this API risks; revisit if public',
  );
  acknowledge(
    api.deploymentStage,
    'AwsSolutions-APIG6',
    'Access logs already carry status, latency and the gateway error; execution logs would add an unmanaged log group',
  );
  acknowledge(
    stack.files.bucket,
    'AwsSolutions-S1',
    'Only the worker role reaches job files; object-level audit is CloudTrail data events, not a log bucket per stage',
  );
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** cdk-nag names a resource in a finding by its logical id, e.g. `<FilesBucket7C17EE2E.Arn>`. */
function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!CfnElement.isCfnElement(resource))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  const id: unknown = Stack.of(construct).resolve(resource.logicalId);
  if (typeof id !== 'string') throw new Error(`${construct.node.path} has no resolvable logical id`);
  return id;
}
