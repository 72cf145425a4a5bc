import type { Tracer } from '@aws-lambda-powertools/tracer';
import type { MiddlewareObj } from '@middy/core';

/**
 * X-Ray tracing, loaded only where traces have somewhere to go. Lambda sets AWS_XRAY_DAEMON_ADDRESS
 * when the function's tracing is Active; the embedded runtime runs no daemon and sets none, and
 * POWERTOOLS_TRACE_ENABLED=false (the stack's `tracing: false`) turns it off. Where it is off, the
 * X-Ray SDK is never loaded: its async-hooks context (cls-hooked) would otherwise run on every
 * promise of every job, which measured 10–17 % of the local functions' time for nothing.
 */
export interface Tracing {
  /** Whether traces are recorded in this environment. */
  readonly active: boolean;
  /** Registers an SDK client: each of its calls becomes a subsegment once the tracer has loaded. */
  instrument<C>(client: C): C;
  /** The handler's segment (Powertools' captureLambdaHandler), waiting for the tracer to load. */
  readonly middleware: MiddlewareObj;
}

type Env = Readonly<Record<string, string | undefined>>;

export function tracingActive(env: Env = process.env): boolean {
  return Boolean(env.AWS_XRAY_DAEMON_ADDRESS) && env.POWERTOOLS_TRACE_ENABLED !== 'false';
}

export function createTracing(env: Env = process.env): Tracing {
  const active = tracingActive(env);
  const clients: unknown[] = [];
  let loaded: { tracer: Tracer; middleware: MiddlewareObj } | undefined;
  // Started at init where tracing is on, so the first invocation does not wait for it.
  const loading = active
    ? (async () => {
        const [{ Tracer }, { captureLambdaHandler }] = await Promise.all([
          import('@aws-lambda-powertools/tracer'),
          import('@aws-lambda-powertools/tracer/middleware'),
        ]);
        const tracer = new Tracer();
        loaded = { tracer, middleware: captureLambdaHandler(tracer) };
        for (const client of clients.splice(0)) tracer.captureAWSv3Client(client);
      })()
    : undefined;
  return {
    active,
    instrument(client) {
      if (!active) return client;
      if (loaded) loaded.tracer.captureAWSv3Client(client);
      else clients.push(client);
      return client;
    },
    middleware: {
      async before(request) {
        if (!loading) return;
        await loading;
        await loaded?.middleware.before?.(request);
      },
      async after(request) {
        await loaded?.middleware.after?.(request);
      },
      async onError(request) {
        await loaded?.middleware.onError?.(request);
      },
    },
  };
}
