import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { KEYLESS_API_WARNING } from '../../../src/cdk/sqs-jobs.ts';
import { API_ROUTES, PUBLIC_ROUTES } from '../../../src/http/routes.ts';
import { synthStack } from './synth.ts';

/** Each method's properties by "VERB /path", read back from the template. */
function methodsByRoute(context: Record<string, string>): Record<string, Record<string, unknown>> {
  const { template } = synthStack({ context });
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const pathOf = (ref: unknown): string => {
    const logicalId = (ref as { Ref?: string }).Ref;
    const resource = logicalId ? resources[logicalId] : undefined;
    if (!resource) return '';
    return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart as string}`;
  };
  return Object.fromEntries(
    Object.values(template.findResources('AWS::ApiGateway::Method')).map((method) => [
      `${method.Properties.HttpMethod as string} ${pathOf(method.Properties.ResourceId) || '/'}`,
      method.Properties as Record<string, unknown>,
    ]),
  );
}

/** The keyless-API warnings synth attaches to the stack (what `cdk synth` and `cdk deploy` print). */
function keylessWarnings(context: Record<string, string>): unknown[] {
  const { stack } = synthStack({ context });
  return Annotations.fromStack(stack)
    .findWarning('*', Match.stringLikeRegexp('API keys are off'))
    .map((warning) => String(warning.entry.data).replace(/ \[ack: .*\]$/, ''));
}

/** Each method as "VERB /path" → ApiKeyRequired, read back from the template. */
function keyRequirements(context: Record<string, string>): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(methodsByRoute(context)).map(([route, method]) => [route, method.ApiKeyRequired === true]),
  );
}

describe('API keys', () => {
  it.each([
    ['the default context (what a plain cdk synth or cdk deploy uses)', {}],
    ['local', { stage: 'local' }],
    ['dev', { stage: 'dev' }],
    ['prod', { stage: 'prod' }],
  ])('requires a key with %s on every route but the public ones, and warns of nothing', (_, context) => {
    const required = keyRequirements(context);
    expect(Object.keys(required).sort()).toEqual([...API_ROUTES].sort());
    for (const route of API_ROUTES) expect(required[route], route).toBe(!PUBLIC_ROUTES.has(route));
    expect(PUBLIC_ROUTES.has('GET /health')).toBe(true);
    expect(required['GET /openapi.json']).toBe(false);
    expect(keylessWarnings(context)).toEqual([]);
  });

  it.each(['local', 'prod'])(
    'declares GET /jobs/{id}/status on %s exactly like GET /jobs/{id}: same function, validator, {id} and key rule',
    (stage) => {
      const methods = methodsByRoute({ stage });
      const { ResourceId: _status, ...status } = methods['GET /jobs/{id}/status'] ?? {};
      const { ResourceId: _job, ...job } = methods['GET /jobs/{id}'] ?? {};
      expect(status).toEqual(job);
      expect(status).toMatchObject({
        RequestParameters: { 'method.request.path.id': true },
        ApiKeyRequired: true,
        Integration: { Type: 'AWS_PROXY' },
      });
    },
  );

  it('attaches one key to a usage plan with the throttle and daily quota from the settings', () => {
    const { template } = synthStack({
      context: { stage: 'prod', apiRateLimit: '50', apiBurstLimit: '80', apiQuotaPerDay: '5000' },
    });
    template.resourceCountIs('AWS::ApiGateway::ApiKey', 1);
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 50, BurstLimit: 80 },
      Quota: { Limit: 5000, Period: 'DAY' },
      ApiStages: [Match.objectLike({ Stage: Match.anyValue() })],
    });
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
    template.hasOutput('ApiKeyId', {});
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'INVALID_API_KEY',
      StatusCode: '403',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"code":"Forbidden"') },
    });
  });

  it.each(['local', 'prod'])(
    'turns keys off on %s only with an explicit -c auth=none, and the synth warns about it',
    (stage) => {
      const context = { stage, auth: 'none' };
      expect(Object.values(keyRequirements(context)).some(Boolean)).toBe(false);
      synthStack({ context }).template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
      expect(keylessWarnings(context)).toEqual([KEYLESS_API_WARNING]);
    },
  );

  it('rejects an unknown auth mode, the old apiKeys flag (naming its replacement), and a burst below the rate', () => {
    expect(() => synthStack({ context: { auth: 'oauth' } })).toThrow(
      /"auth" must be one of apiKey, iam, none, got "oauth"/,
    );
    expect(() => synthStack({ context: { apiKeys: 'false' } })).toThrow(/-c auth=none/);
    expect(() => synthStack({ context: { apiRateLimit: '100', apiBurstLimit: '10' } })).toThrow(
      /apiBurstLimit/,
    );
  });
});

describe('IAM authorization (-c auth=iam)', () => {
  it.each(['local', 'prod'])(
    'makes every route but the public ones take a SigV4 signature on %s, with no key, and warns of nothing',
    (stage) => {
      const context = { stage, auth: 'iam' };
      const methods = methodsByRoute(context);
      for (const route of API_ROUTES) {
        expect(methods[route]?.AuthorizationType, route).toBe(PUBLIC_ROUTES.has(route) ? 'NONE' : 'AWS_IAM');
        expect(methods[route]?.ApiKeyRequired ?? false, route).toBe(false);
      }
      const { template } = synthStack({ context });
      template.resourceCountIs('AWS::ApiGateway::ApiKey', 0);
      template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
      expect(keylessWarnings(context)).toEqual([]);
    },
  );

  it('creates a read policy for the GET routes and an admin policy for all, both as outputs', () => {
    const { template } = synthStack({ context: { stage: 'prod', auth: 'iam' } });
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).map((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument.Statement),
    );
    expect(policies).toHaveLength(2);
    const routes = policies.map((statement) => {
      expect(statement).toContain('"Action":"execute-api:Invoke"');
      expect(statement).toContain('"Effect":"Allow"');
      return /"(\/[A-Z*]+\/\*)"\]\]/.exec(statement)?.[1];
    });
    expect(routes.sort()).toEqual(['/*/*', '/GET/*']);
    template.hasOutput('ApiReadPolicyArn', {});
    template.hasOutput('ApiAdminPolicyArn', {});
  });

  it('answers an unsigned request 403 (not 404), since it cannot tell it from an unknown route', () => {
    const { template } = synthStack({ context: { auth: 'iam' } });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'MISSING_AUTHENTICATION_TOKEN',
      StatusCode: '403',
      ResponseTemplates: {
        'application/json': Match.stringLikeRegexp('"code":"MissingAuthenticationToken"'),
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'ACCESS_DENIED',
      StatusCode: '403',
    });
  });

  it('logs who called: the API key id or the signing identity, in every access log line', () => {
    const { template } = synthStack({ context: { auth: 'iam' } });
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0];
    const format = JSON.parse(stage?.Properties.AccessLogSetting.Format as string) as Record<string, string>;
    expect(format).toMatchObject({
      apiKeyId: '$context.identity.apiKeyId',
      caller: '$context.identity.caller',
      userArn: '$context.identity.userArn',
    });
  });
});
