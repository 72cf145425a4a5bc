import { describe, expect, it } from 'vitest';
import { synthStack } from './synth.ts';

function tracingOf(context: Record<string, string>) {
  const { template } = synthStack({ context });
  const functions = Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => ({
    mode: (fn.Properties.TracingConfig as { Mode?: string } | undefined)?.Mode,
    powertools: (fn.Properties.Environment as { Variables: Record<string, string> }).Variables
      .POWERTOOLS_TRACE_ENABLED,
  }));
  const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0];
  return { functions, stage: stage?.Properties.TracingEnabled as boolean };
}

describe('tracing', () => {
  it('traces the API stage and every function by default', () => {
    const { functions, stage } = tracingOf({});
    expect(stage).toBe(true);
    expect(functions).toHaveLength(4);
    for (const fn of functions) expect(fn).toEqual({ mode: 'Active', powertools: 'true' });
  });

  it('switches it all off with -c tracing=false', () => {
    const { functions, stage } = tracingOf({ tracing: 'false' });
    expect(stage).toBe(false);
    for (const fn of functions) expect(fn.powertools).toBe('false');
    for (const fn of functions) expect(fn.mode).not.toBe('Active');
  });
});
