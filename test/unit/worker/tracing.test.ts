import { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTracing, tracingActive } from '../../../functions/shared/tracing.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('tracing, loaded only where traces have somewhere to go', () => {
  it('is on where Lambda runs an X-Ray daemon for the function (active tracing)', () => {
    expect(tracingActive({ AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000' })).toBe(true);
    expect(
      tracingActive({ AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000', POWERTOOLS_TRACE_ENABLED: 'true' }),
    ).toBe(true);
  });

  it('is off without a daemon (the embedded runtime) and when the stack turns it off', () => {
    expect(tracingActive({})).toBe(false);
    expect(tracingActive({ POWERTOOLS_TRACE_ENABLED: 'true' })).toBe(false);
    expect(
      tracingActive({ AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000', POWERTOOLS_TRACE_ENABLED: 'false' }),
    ).toBe(false);
  });

  it('leaves clients and invocations untouched when off', async () => {
    const tracing = createTracing({});
    const stack = {
      added: 0,
      add() {
        stack.added += 1;
      },
    };
    const client = { middlewareStack: stack };
    expect(tracing.instrument(client)).toBe(client);
    const request = { event: {}, context: {}, response: undefined, error: undefined, internal: {} };
    // biome-ignore lint/suspicious/noExplicitAny: middy's request type is not needed to show nothing happens
    await tracing.middleware.before?.(request as any);
    // biome-ignore lint/suspicious/noExplicitAny: as above
    await tracing.middleware.after?.(request as any);
    expect(stack.added).toBe(0);
  });

  it('wraps every client given to it once the tracer has loaded, when on', async () => {
    // Powertools' tracer works only inside Lambda, which it tells by these.
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', '127.0.0.1:2000');
    vi.stubEnv('AWS_XRAY_CONTEXT_MISSING', 'IGNORE_ERROR');
    const tracing = createTracing();
    expect(tracing.active).toBe(true);
    const client = new SQSClient({ region: 'us-east-1' });
    const before = client.middlewareStack.identify().length;
    tracing.instrument(client);
    const request = { event: {}, context: { getRemainingTimeInMillis: () => 1000 }, internal: {} };
    // biome-ignore lint/suspicious/noExplicitAny: as above
    await tracing.middleware.before?.(request as any);
    expect(client.middlewareStack.identify().length).toBeGreaterThan(before);
    client.destroy();
  });
});
