import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { allStatements, grantsByFunction } from './iam-grants.ts';
import { synthStack } from './synth.ts';

/** AWS requires Resource "*" for these two; nothing else may have it. */
const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

/** Every function writes its own log group (nothing else) and sends traces. */
const logsAndTraces = (fn: string) => [
  `logs:CreateLogStream on ${fn}Logs`,
  `logs:PutLogEvents on ${fn}Logs`,
  ...XRAY.map((action) => `${action} on *`),
];

/** What each function's code calls, on what; any line more or less is a finding. */
/** A call allowed on the jobs queue of every priority (each priority is a queue of its own). */
function onEveryQueue(action: string): string[] {
  return ['JobQueue', 'JobQueueHighPriorityQueue', 'JobQueueLowPriorityQueue'].map(
    (queue) => `${action} on ${queue}`,
  );
}

const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  ApiFunction: [
    'dynamodb:PutItem on JobsTable',
    // POST /jobs/batch: records 25 to a request.
    'dynamodb:BatchWriteItem on JobsTable',
    // GET /jobs?status=scheduled: the page's runAt, which the byStatus index does not hold.
    'dynamodb:BatchGetItem on JobsTable',
    'dynamodb:GetItem on JobsTable',
    'dynamodb:UpdateItem on JobsTable',
    'dynamodb:DeleteItem on JobsTable',
    'dynamodb:Query on JobsTable/index/byStatus',
    // GET /schedules: the schedules' partition of the scheduled index.
    'dynamodb:Query on JobsTable/index/scheduledByRunAt',
    'dynamodb:Query on StatsTable',
    'dynamodb:GetItem on StatsTable',
    ...onEveryQueue('sqs:SendMessage'),
    ...onEveryQueue('sqs:GetQueueAttributes'),
    // Redrive: read, remove and release dead letters.
    'sqs:ReceiveMessage on JobQueueDeadLetterQueue',
    'sqs:DeleteMessage on JobQueueDeadLetterQueue',
    'sqs:ChangeMessageVisibility on JobQueueDeadLetterQueue',
    ...logsAndTraces('ApiFunction'),
  ],
  WorkerFunction: [
    'dynamodb:GetItem on JobsTable',
    // A dependent's dependencies: their results when it starts, let go when it ends.
    'dynamodb:BatchGetItem on JobsTable',
    'dynamodb:UpdateItem on JobsTable',
    // A job limit's item, written by the first job it admits; holds counted for the stats.
    'dynamodb:PutItem on JobsTable',
    'dynamodb:UpdateItem on StatsTable',
    ...onEveryQueue('sqs:ChangeMessageVisibility'),
    // A delivery before its job's runAt: sent again, delayed to it.
    ...onEveryQueue('sqs:SendMessage'),
    'sqs:SendMessage on JobQueueDeadLetterQueue',
    // Added by the SQS event source mapping's grant, which is what lets Lambda poll for the worker.
    ...onEveryQueue('sqs:ReceiveMessage'),
    ...onEveryQueue('sqs:DeleteMessage'),
    ...onEveryQueue('sqs:GetQueueAttributes'),
    ...onEveryQueue('sqs:GetQueueUrl'),
    's3:ListBucket on FilesBucket',
    's3:GetObject on FilesBucket/*',
    's3:PutObject on FilesBucket/*',
    's3:DeleteObject on FilesBucket/tmp/*',
    // Failure alerts (and completions, if switched on) on the stack's own bus.
    'events:PutEvents on JobEvents',
    ...logsAndTraces('WorkerFunction'),
  ],
  StatsFunction: [
    'dynamodb:Query on JobsTable/index/byStatus',
    'dynamodb:Query on StatsTable',
    'dynamodb:GetItem on StatsTable',
    'dynamodb:PutItem on StatsTable',
    'dynamodb:DeleteItem on StatsTable',
    ...onEveryQueue('sqs:GetQueueAttributes'),
    'sqs:GetQueueAttributes on JobQueueDeadLetterQueue',
    ...logsAndTraces('StatsFunction'),
  ],
  SweeperFunction: [
    'dynamodb:Query on JobsTable/index/byStatus',
    'dynamodb:Query on JobsTable/index/scheduledByRunAt',
    // Firing a schedule submits a job (record, idempotency key) and moves the schedule on.
    'dynamodb:GetItem on JobsTable',
    'dynamodb:BatchGetItem on JobsTable',
    'dynamodb:PutItem on JobsTable',
    'dynamodb:UpdateItem on JobsTable',
    'dynamodb:DeleteItem on JobsTable',
    ...onEveryQueue('sqs:SendMessage'),
    ...logsAndTraces('SweeperFunction'),
  ],
};

describe.each([
  ['with cdk.json feature flags (minimizePolicies on)', true],
  ['with CDK default flags (minimizePolicies off)', false],
])('least privilege %s', (_, featureFlags) => {
  let template: Template;
  let grants: Map<string, string[]>;
  beforeAll(() => {
    template = synthStack({ featureFlags }).template;
    grants = grantsByFunction(template);
  });

  it('gives each function exactly the calls its code makes', () => {
    expect([...grants.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [fn, expected] of Object.entries(EXPECTED)) {
      expect(grants.get(fn), fn).toEqual([...expected].sort());
    }
  });

  it('has no "*" action and no Allow on Resource "*" beyond the X-Ray pair', () => {
    const statements = allStatements(template);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(s.actions, s.holder).not.toContain('*');
      if (s.effect !== 'Allow') continue;
      // No service wildcards either (dynamodb:*, s3:Get*): a grant names each action.
      expect(
        s.actions.filter((action) => action.includes('*')),
        s.holder,
      ).toEqual([]);
      if (s.resources.includes('*')) expect([...s.actions].sort(), s.holder).toEqual(XRAY);
    }
  });

  it('has only the four function roles, each assumable by Lambda alone and free of managed policies', () => {
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(4);
    for (const role of roles) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ]);
    }
  });
});

describe('minimizePolicies', () => {
  it('still merges each role into one policy of distinct statements', () => {
    const { template } = synthStack();
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      const statements = policy.Properties.PolicyDocument.Statement as {
        Action: unknown;
        Resource: unknown;
      }[];
      // Merged statements share neither their action list nor their resource list with another.
      const actions = statements.map((s) => JSON.stringify(s.Action));
      const resources = statements.map((s) => JSON.stringify(s.Resource));
      expect(new Set(actions).size).toBe(statements.length);
      expect(new Set(resources).size).toBe(statements.length);
    }
  });
});

describe('the grant reader', () => {
  it('reports an over-grant as a line of its own', () => {
    const { template } = synthStack({
      customize: (stack) =>
        stack.sqsJobs.functions.stats.allow(['dynamodb:*'], [stack.sqsJobs.jobs.table.tableArn]),
    });
    expect(grantsByFunction(template).get('StatsFunction')).toContain('dynamodb:* on JobsTable');
  });
});
