import { beforeAll, describe, expect, it } from 'vitest';
import { TemplateError } from '../../../local/errors.ts';
import { RouteTable } from '../../../local/gateway/routes.ts';
import type { CloudAssembly } from '../../../local/template/assembly.ts';
import { type IntrinsicContext, resolveValue } from '../../../local/template/intrinsics.ts';
import { buildStackModel, type StackModel } from '../../../local/template/model.ts';
import type { TemplateValue } from '../../../local/template/types.ts';
import { synthesizedAssembly } from './synthesized.ts';

let assembly: CloudAssembly;
let model: StackModel;

beforeAll(async () => {
  assembly = await synthesizedAssembly();
  model = buildStackModel(assembly, { region: 'eu-west-1' });
  for (const queue of model.queues) {
    model.physical.setQueueUrl(queue.logicalId, `http://127.0.0.1:4566/000000000000/${queue.name}`);
  }
});

const resourcesOfType = (type: string) =>
  Object.entries(assembly.template.Resources).filter(([, resource]) => resource.Type === type);

describe('the synthesized template, resolved locally', () => {
  it('gives every function its environment with local table names and queue URLs', () => {
    const jobsTable = model.tables.find((table) => table.logicalId.startsWith('AppJobsTable'));
    const jobQueue = model.queues.find((queue) => queue.deadLetterQueue !== undefined);
    expect(jobsTable?.name).toBe(`sqs-jobs-local-${jobsTable?.logicalId}`);
    for (const fn of model.functions) {
      const env = resolveValue(fn.environment, model.intrinsics, fn.logicalId) as Record<string, string>;
      expect(env.JOBS_TABLE_NAME).toBe(jobsTable?.name);
      if ('JOBS_QUEUE_URL' in env) {
        expect(env.JOBS_QUEUE_URL).toBe(`http://127.0.0.1:4566/000000000000/${jobQueue?.name}`);
      }
      for (const value of Object.values(env)) expect(typeof value).toBe('string');
    }
  });

  it('resolves the ApiUrl output through Fn::Join, the stage Ref and AWS::URLSuffix', () => {
    const output = assembly.template.Outputs?.ApiUrl;
    expect(output).toBeDefined();
    const url = resolveValue(output?.Value as TemplateValue, model.intrinsics, 'ApiUrl');
    expect(url).toBe(
      `https://${model.api?.apiId}.execute-api.${templateRegion()}.amazonaws.com/${model.api?.stageName}/`,
    );
  });

  it('resolves permission source ARNs that use Ref AWS::AccountId', () => {
    for (const [id, resource] of resourcesOfType('AWS::Lambda::Permission')) {
      const sourceArn = resource.Properties?.SourceArn;
      if (sourceArn === undefined) continue;
      expect(resolveValue(sourceArn, model.intrinsics, id)).toMatch(/:000000000000:/);
    }
  });

  it('reads the redrive policy: the dead-letter queue by ARN and the template maxReceiveCount', () => {
    const queue = model.queues.find((candidate) => candidate.deadLetterQueue !== undefined);
    const raw = assembly.template.Resources[queue?.logicalId ?? '']?.Properties?.RedrivePolicy as {
      maxReceiveCount: number;
    };
    expect(queue?.maxReceiveCount).toBe(raw.maxReceiveCount);
    const dlq = model.queues.find((candidate) => candidate.logicalId === queue?.deadLetterQueue);
    expect(JSON.parse(queue?.attributes.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: `arn:aws:sqs:eu-west-1:000000000000:${dlq?.name}`,
      maxReceiveCount: raw.maxReceiveCount,
    });
  });

  it('reads each SQS event source mapping as the template sets it', () => {
    const mappings = resourcesOfType('AWS::Lambda::EventSourceMapping');
    expect(model.eventSources).toHaveLength(mappings.length);
    for (const [id, resource] of mappings) {
      const source = model.eventSources.find((candidate) => candidate.logicalId === id);
      expect(source?.batchSize).toBe(resource.Properties?.BatchSize);
      expect(source?.maxConcurrency).toBe(
        (resource.Properties?.ScalingConfig as { MaximumConcurrency?: number } | undefined)
          ?.MaximumConcurrency,
      );
      expect(source?.reportBatchItemFailures).toBe(true);
      expect(model.functions.map((fn) => fn.logicalId)).toContain(source?.functionLogicalId);
    }
  });

  it('finds each function bundle in the cloud assembly', () => {
    for (const fn of model.functions) {
      expect(fn.codeDir.startsWith(assembly.dir)).toBe(true);
      expect(fn.handler).toBe('index.handler');
    }
  });
});

describe('the route table from the synthesized API', () => {
  it('serves every API Gateway method, each proxied to a function of the stack', () => {
    const methods = resourcesOfType('AWS::ApiGateway::Method');
    expect(model.api?.routes).toHaveLength(methods.length);
    for (const route of model.api?.routes ?? []) {
      expect(route.integration.type).toBe('AWS_PROXY');
    }
  });

  it('matches literal paths and /jobs/{id} with its path parameter', () => {
    const table = new RouteTable(model.api?.routes ?? []);
    expect(table.describe()).toEqual(expect.arrayContaining(['POST /jobs', 'GET /jobs/{id}']));
    const post = table.match('POST', '/jobs');
    expect(post.kind === 'route' && post.route.resourcePath).toBe('/jobs');
    const get = table.match('GET', '/jobs/01H%20X');
    expect(get).toMatchObject({ kind: 'route', pathParameters: { id: '01H X' } });
    expect(get.kind === 'route' && get.route.resourcePath).toBe('/jobs/{id}');
  });

  it('routes /jobs/{id}/status to its own resource, with the id, from the template alone', () => {
    const table = new RouteTable(model.api?.routes ?? []);
    expect(table.describe()).toContain('GET /jobs/{id}/status');
    const status = table.match('GET', '/jobs/j-1/status');
    expect(status).toMatchObject({ kind: 'route', pathParameters: { id: 'j-1' } });
    expect(status.kind === 'route' && status.route.resourcePath).toBe('/jobs/{id}/status');
    expect(table.match('POST', '/jobs/j-1/status').kind).toBe('none');
  });

  it('answers no route for an unknown path or a method the resource lacks', () => {
    const table = new RouteTable(model.api?.routes ?? []);
    expect(table.match('GET', '/nope').kind).toBe('none');
    expect(table.match('DELETE', '/jobs').kind).toBe('none');
    expect(table.match('GET', '/jobs/a/b/c').kind).toBe('none');
  });

  it('reads the MISSING_AUTHENTICATION_TOKEN gateway response the stack customizes', () => {
    const notFound = model.api?.gatewayResponses.find(
      (r) => r.responseType === 'MISSING_AUTHENTICATION_TOKEN',
    );
    expect(notFound?.statusCode).toBe(404);
    expect(notFound?.templates['application/json']).toContain('$context.requestId');
  });
});

describe('intrinsic functions', () => {
  const ctx: IntrinsicContext = {
    pseudo: {
      region: 'us-east-1',
      accountId: '000000000000',
      stackName: 'Demo',
      partition: 'aws',
      urlSuffix: 'amazonaws.com',
    },
    resources: {
      ref: (id) => {
        if (id === 'Role')
          throw new Error('Role is a AWS::IAM::Role, which the local runtime does not emulate');
        return `ref-of-${id}`;
      },
      getAtt: (id, attribute) => `${id}.${attribute}-value`,
    },
  };

  it('evaluates Fn::Sub in both forms, with the "!" escape for a literal', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    const short = 'arn:${AWS::Partition}:s3:::${Bucket}/${!Literal}';
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    const literal = '${Literal}';
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    const long = '${Name}-${Queue.Arn}-${AWS::Region}';
    expect(resolveValue({ 'Fn::Sub': short }, ctx, 'X')).toBe(`arn:aws:s3:::ref-of-Bucket/${literal}`);
    expect(resolveValue({ 'Fn::Sub': [long, { Name: { Ref: 'AWS::StackName' } }] }, ctx, 'X')).toBe(
      'Demo-Queue.Arn-value-us-east-1',
    );
  });

  it('evaluates Fn::Select over Fn::Split, and Fn::GetAtt in its string form', () => {
    expect(resolveValue({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, ctx, 'X')).toBe('b');
    expect(resolveValue({ 'Fn::GetAtt': 'Queue.QueueName' }, ctx, 'X')).toBe('Queue.QueueName-value');
  });

  it('names the resource and the place in the template when something cannot be resolved', () => {
    expect(() => resolveValue({ Ref: 'Role' }, ctx, 'Worker.Properties.Role')).toThrow(
      /Worker\.Properties\.Role: Role is a AWS::IAM::Role/,
    );
    expect(() => resolveValue({ 'Fn::If': ['Cond', 'a', 'b'] }, ctx, 'Worker.X')).toThrow(TemplateError);
    expect(() => resolveValue({ 'Fn::Select': [5, ['a']] }, ctx, 'Worker.Y')).toThrow(/out of range/);
  });

  it('leaves plain objects and lists alone apart from the intrinsics inside them', () => {
    expect(resolveValue({ a: [1, { Ref: 'X' }], b: { c: true } }, ctx, 'X')).toEqual({
      a: [1, 'ref-of-X'],
      b: { c: true },
    });
  });
});

/** The CDK writes the synth region into ARNs as a literal; the Uri and ApiUrl carry it. */
function templateRegion(): string {
  return assembly.region ?? 'us-east-1';
}
