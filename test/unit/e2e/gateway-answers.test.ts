import { beforeAll, describe, expect, it } from 'vitest';
import { GatewayResponses } from '../../../local/gateway/gateway-responses.ts';
import type { CloudAssembly } from '../../../local/template/assembly.ts';
import { buildStackModel, type StackModel } from '../../../local/template/model.ts';
import { GATEWAY_ERRORS, type GatewayErrorType } from '../../../src/cdk/gateway-responses.ts';
import { gatewayAnswer } from '../../e2e/gateway-answers.ts';
import { E2eTargetError, resolveTarget } from '../../e2e/target.ts';
import { synthesizedAssembly } from '../local/synthesized.ts';

const TYPES = Object.keys(GATEWAY_ERRORS) as GatewayErrorType[];

describe('resolveTarget: what the e2e suite runs against', () => {
  it.each([
    [{}, 'embedded'],
    [{ target: 'embedded' }, 'embedded'],
    [{ apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod' }, 'aws'],
    [{ apiUrl: 'http://abc123.execute-api.localhost.localstack.cloud:4566/dev' }, 'localstack'],
    [{ apiUrl: 'http://localhost:4566/restapis/abc123/dev/_user_request_' }, 'localstack'],
    // The variable wins over the URL: a runtime started by hand, LocalStack behind a custom domain.
    [{ apiUrl: 'http://127.0.0.1:8080', target: 'embedded' }, 'embedded'],
    [{ apiUrl: 'https://jobs.example.com', target: 'localstack' }, 'localstack'],
    [{ apiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/prod', target: ' aws ' }, 'aws'],
  ] as const)('%o → %s', (env, target) => {
    expect(resolveTarget(env)).toBe(target);
  });

  it.each([
    [{ target: 'docker' }, /must be one of embedded, localstack, aws; got "docker"/],
    [{ target: 'localstack' }, /SQS_JOBS_E2E_TARGET=localstack needs SQS_JOBS_API_URL/],
    [{ apiUrl: 'http://127.0.0.1:8080' }, /Cannot tell what http:\/\/127\.0\.0\.1:8080 runs on/],
    [{ apiUrl: 'not a url' }, /SQS_JOBS_API_URL is not a URL/],
  ] as const)('refuses %o, saying what to set', (env, message) => {
    expect(() => resolveTarget(env)).toThrow(E2eTargetError);
    expect(() => resolveTarget(env)).toThrow(message);
  });
});

describe('gatewayAnswer: the errors API Gateway answers itself, per target', () => {
  let assembly: CloudAssembly;
  let model: StackModel;
  /** The stack's AWS::ApiGateway::GatewayResponse resources by response type. */
  let declared: Map<string, { StatusCode?: string; ResponseTemplates?: Record<string, string> }>;

  beforeAll(async () => {
    assembly = await synthesizedAssembly();
    model = buildStackModel(assembly, { region: 'us-east-1' });
    declared = new Map(
      Object.values(assembly.template.Resources)
        .filter((resource) => resource.Type === 'AWS::ApiGateway::GatewayResponse')
        .map((resource) => {
          const props = resource.Properties as { ResponseType: string; StatusCode?: string };
          return [props.ResponseType, props];
        }),
    );
  }, 300_000);

  it.each(TYPES)('expects on AWS what the template declares for %s', (type) => {
    const response = declared.get(type);
    const answer = gatewayAnswer('aws', type);
    expect(answer.enforced).toBe(true);
    if (!answer.enforced || !response) throw new Error(`no ${type} in the template`);
    expect(String(answer.status)).toBe(response.StatusCode);
    // API Gateway fills in $context.requestId; any id must give the expected body.
    const body = JSON.parse(
      (response.ResponseTemplates?.['application/json'] ?? '').replaceAll('$context.requestId', 'r-1'),
    );
    expect(body).toEqual(answer.body);
  });

  it.each(TYPES)('expects on the embedded runtime what its gateway renders for %s', (type) => {
    const rendered = new GatewayResponses(model.api?.gatewayResponses ?? []).render(type, {
      requestId: 'r-2',
    });
    const answer = gatewayAnswer('embedded', type);
    if (!answer.enforced) throw new Error(`${type} is enforced by the embedded runtime`);
    expect(rendered.statusCode).toBe(answer.status);
    expect(JSON.parse(rendered.body.toString('utf8'))).toEqual(answer.body);
    const headers = Object.fromEntries(rendered.headers.map(([name, value]) => [name.toLowerCase(), value]));
    expect(headers).toMatchObject(answer.headers);
  });

  it('expects on LocalStack the status code the template declares, with LocalStack’s own body', () => {
    // LocalStack takes the status code from the stack's gateway response but not its template.
    for (const type of ['MISSING_AUTHENTICATION_TOKEN', 'INVALID_API_KEY'] as const) {
      const answer = gatewayAnswer('localstack', type);
      if (!answer.enforced) throw new Error(`${type} is enforced by LocalStack`);
      expect(String(answer.status)).toBe(declared.get(type)?.StatusCode);
      expect(Object.keys(answer.body)).toEqual(['message']);
    }
    expect(gatewayAnswer('localstack', 'MISSING_AUTHENTICATION_TOKEN')).toMatchObject({
      status: 404,
      body: { message: 'Missing Authentication Token' },
    });
    expect(gatewayAnswer('localstack', 'INVALID_API_KEY')).toMatchObject({
      status: 403,
      body: { message: 'Forbidden' },
    });
  });

  it.each(['THROTTLED', 'QUOTA_EXCEEDED', 'REQUEST_TOO_LARGE'] as const)(
    'says LocalStack does not enforce %s, so no test expects it there',
    (type) => {
      expect(gatewayAnswer('localstack', type)).toEqual({
        enforced: false,
        why: expect.stringContaining('does not enforce'),
      });
    },
  );
});
