import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqsJobsStack } from '../../../infra/stack.ts';
import { DEFAULT_SETTINGS, settingsFromContext } from '../../../src/cdk/settings.ts';
import { SqsJobs } from '../../../src/cdk/sqs-jobs.ts';
import { API_ROUTES } from '../../../src/http/routes.ts';
import { APP_JOBS } from './synth.ts';

function synth(context: Record<string, string> = {}): Template {
  const app = new App({ context });
  const stack = new SqsJobsStack(app, 'SqsJobs', { settings: settingsFromContext(app.node), ...APP_JOBS });
  return Template.fromStack(stack);
}

let template: Template;
beforeAll(() => {
  template = synth();
}, 120_000);

describe('SqsJobsStack', () => {
  it('has an on-demand jobs table keyed by id with the byStatus and the sparse scheduled index', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'updatedAt', KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: 'scheduledByRunAt',
          KeySchema: [
            { AttributeName: 'scheduledKey', KeyType: 'HASH' },
            { AttributeName: 'runAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['type'] },
        }),
      ],
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('wires the jobs queue to an encrypted dead-letter queue with maxReceiveCount', () => {
    // One queue per priority, and the dead-letter queue they share.
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(4);
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] },
        maxReceiveCount: DEFAULT_SETTINGS.queue.maxReceiveCount,
      },
      VisibilityTimeout: DEFAULT_SETTINGS.worker.timeoutSeconds * 6,
      SqsManagedSseEnabled: true,
    });
    // TLS-only: every queue policy denies requests without SecureTransport.
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('runs four functions on nodejs24.x', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(4);
    for (const fn of functions) expect(fn.Properties.Runtime).toBe('nodejs24.x');
  });

  it('feeds the worker from each priority’s queue with its own share of the concurrency', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings.map((m) => m.Properties.ScalingConfig.MaximumConcurrency).sort()).toEqual(
      [
        DEFAULT_SETTINGS.worker.highPriorityConcurrency,
        DEFAULT_SETTINGS.worker.maxConcurrency,
        DEFAULT_SETTINGS.worker.lowPriorityConcurrency,
      ].sort(),
    );
    const sources = mappings.map((m) => JSON.stringify(m.Properties.EventSourceArn));
    expect(new Set(sources).size).toBe(3);
    for (const queue of ['HighPriorityQueue', 'LowPriorityQueue'])
      expect(sources.some((source) => source.includes(queue))).toBe(true);
  });

  it('feeds the worker from the queue with partial batch responses and bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: DEFAULT_SETTINGS.worker.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: DEFAULT_SETTINGS.worker.maxConcurrency },
    });
  });

  it('declares one REST API method per route', () => {
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).map(
      (m) => m.Properties.HttpMethod as string,
    );
    expect(methods.sort()).toEqual(API_ROUTES.map((r) => r.split(' ')[0]).sort());
  });

  it('runs the stats function on an EventBridge rule schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('StatsFunction'), 'Arn'] } }),
      ],
    });
  });

  it('encrypts both tables, both queues and the bucket, and keeps the bucket private and TLS-only', () => {
    const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(2);
    for (const table of tables) expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    for (const queue of Object.values(template.findResources('AWS::SQS::Queue'))) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('writes one JSON access-log line per API request to its own log group', () => {
    const stages = Object.values(template.findResources('AWS::ApiGateway::Stage'));
    expect(stages).toHaveLength(1);
    const settings = stages[0]?.Properties.AccessLogSetting as { DestinationArn: unknown; Format: string };
    expect(settings.DestinationArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^AppApiAccessLogs/), 'Arn'],
    });
    expect(JSON.parse(settings.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      errorMessage: '$context.error.message',
      integrationLatency: '$context.integrationLatency',
    });
  });

  it('puts every method behind a request validator that requires its path parameters', () => {
    template.resourceCountIs('AWS::ApiGateway::RequestValidator', 1);
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    for (const method of Object.values(template.findResources('AWS::ApiGateway::Method'))) {
      expect(method.Properties.RequestValidatorId).toEqual({ Ref: expect.stringMatching(/Validator/) });
    }
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: { 'method.request.path.id': true },
    });
  });

  it('outputs the API URL', () => {
    template.hasOutput('ApiUrl', {});
  });

  it('follows context overrides for batch size and maxReceiveCount', () => {
    const tuned = synth({ workerBatchSize: '3', maxReceiveCount: '7' });
    tuned.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 3 });
    tuned.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 7 }),
    });
  }, 120_000);

  it('provisions the jobs table and both indexes with auto scaling when asked (the stats table stays on demand)', () => {
    const provisioned = synth({
      tableCapacity: 'provisioned',
      tableMaxWriteCapacity: '4000',
      tableTargetUtilization: '60',
    });
    provisioned.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      GlobalSecondaryIndexes: [
        Match.objectLike({ IndexName: 'byStatus', ProvisionedThroughput: Match.anyValue() }),
        Match.objectLike({ IndexName: 'scheduledByRunAt', ProvisionedThroughput: Match.anyValue() }),
      ],
    });
    provisioned.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: Match.arrayWith([{ AttributeName: 'pk', KeyType: 'HASH' }]),
      BillingMode: 'PAY_PER_REQUEST',
    });
    const targets = provisioned.findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    const dimensions = Object.values(targets).map(
      (target) => (target.Properties as { ScalableDimension: string }).ScalableDimension,
    );
    // The table and each of its two indexes, reads and writes.
    expect(dimensions.sort()).toEqual([
      'dynamodb:index:ReadCapacityUnits',
      'dynamodb:index:ReadCapacityUnits',
      'dynamodb:index:WriteCapacityUnits',
      'dynamodb:index:WriteCapacityUnits',
      'dynamodb:table:ReadCapacityUnits',
      'dynamodb:table:WriteCapacityUnits',
    ]);
    provisioned.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'dynamodb:table:WriteCapacityUnits',
      MinCapacity: 5,
      MaxCapacity: 4000,
    });
    provisioned.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: 60 }),
    });
  }, 120_000);

  it('refuses an unknown table capacity mode and inverted or out-of-range capacity bounds', () => {
    expect(() => synth({ tableCapacity: 'cheap' })).toThrow(
      /"tableCapacity" must be one of onDemand, provisioned/,
    );
    expect(() =>
      synth({
        tableCapacity: 'provisioned',
        tableMinWriteCapacity: '50',
        tableMaxWriteCapacity: '10',
        tableTargetUtilization: '95',
      }),
    ).toThrow(/tableMinWriteCapacity and tableMaxWriteCapacity[\s\S]*tableTargetUtilization must be 20–90/);
  });

  it('reports every bad setting at once', () => {
    expect(() => synth({ workerBatchSize: '0', workerConcurrency: '1' })).toThrow(
      /workerBatchSize must be 1–10000[\s\S]*workerConcurrency must be 2–1000/,
    );
  });
});

describe('failure handling wiring', () => {
  it('runs the sweeper on its own rule and caps job attempts below maxReceiveCount', () => {
    const template = synth({ maxReceiveCount: '7' });
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: 'Runs the sqs-jobs sweeper',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SweeperFunction'), 'Arn'] } }),
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'The sqs-jobs REST API',
      Environment: { Variables: Match.objectLike({ MAX_ATTEMPTS_LIMIT: '6', MAX_BACKLOG: '10000' }) },
    });
  }, 120_000);
});

describe('SqsJobs, the construct', () => {
  it('lives twice in one stack without a name collision, each with its own settings', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Two');
    const a = new SqsJobs(stack, 'Mail', { jobs: APP_JOBS.jobs });
    const b = new SqsJobs(stack, 'Media', {
      jobs: APP_JOBS.jobs,
      settings: { worker: { maxConcurrency: 8 } },
    });
    const template = Template.fromStack(stack);
    const named = (type: string, key: string) =>
      Object.values(template.findResources(type)).map((r) => r.Properties[key] as string);
    for (const [type, key] of [
      ['AWS::Events::EventBus', 'Name'],
      ['AWS::CloudWatch::Dashboard', 'DashboardName'],
    ] as const) {
      const names = named(type, key);
      expect(names, type).toHaveLength(2);
      expect(new Set(names).size, type).toBe(2);
    }
    expect(a.settings.worker.maxConcurrency).toBe(4);
    expect(b.settings.worker.maxConcurrency).toBe(8);
    template.resourceCountIs('AWS::ApiGateway::RestApi', 2);
    // Their job-event metrics and the alarms on them: one service dimension each, not one shared.
    const services = (sqsJobs: SqsJobs) =>
      new Set(
        Object.values(sqsJobs.functions).map(
          (fn) =>
            (
              template.toJSON().Resources[stack.getLogicalId(fn.fn.node.defaultChild as CfnFunction)] as {
                Properties: { Environment: { Variables: Record<string, unknown> } };
              }
            ).Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME,
        ),
      );
    expect([...services(a)]).toHaveLength(1);
    expect([...services(b)]).toHaveLength(1);
    expect([...services(a)][0]).not.toBe([...services(b)][0]);
  });

  it('refuses bad settings given as props, all at once', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Bad');
    expect(
      () =>
        new SqsJobs(stack, 'Jobs', {
          jobs: APP_JOBS.jobs,
          settings: { worker: { batchSize: 0, maxConcurrency: 1 } },
        }),
    ).toThrow(/workerBatchSize must be 1–10000[\s\S]*workerConcurrency must be 2–1000/);
  });

  it('grants a producer role exactly the jobs table calls submitting makes and SendMessage on the queues', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Grant');
    const sqsJobs = new SqsJobs(stack, 'Jobs', { jobs: APP_JOBS.jobs });
    const role = new Role(stack, 'Producer', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    sqsJobs.grantEnqueue(role);
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('Producer'),
    );
    const actions = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
      .flatMap((s) => [s.Action].flat())
      .sort();
    expect(actions).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
  });
});
