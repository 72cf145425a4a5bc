import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { powertoolsJobEvents } from '../../src/adapters/observability/job-events.ts';
import type { JobEvents } from '../../src/core/events.ts';
import { createTracing, type Tracing } from './tracing.ts';

export interface Observability {
  readonly logger: Logger;
  /** Flushed once per invocation by the logMetrics middleware. */
  readonly metrics: Metrics;
  readonly events: JobEvents;
  /** X-Ray where the function's tracing is on: the handler's segment and each AWS call. */
  readonly tracing: Tracing;
  /** Hands SDK clients to the tracer, so each AWS call is a subsegment and SQS sends carry the trace. */
  readonly instrument: <C>(client: C) => C;
}

/**
 * One logger, one metrics buffer and the job-event reporter built on both, per function. Service
 * name and namespace come from POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE (the stack sets
 * them); the stage is a dimension so each stage's dashboard reads its own counts.
 */
export function createObservability(stage: string): Observability {
  const logger = new Logger();
  const metrics = new Metrics({ defaultDimensions: { stage } });
  const tracing = createTracing();
  return {
    logger,
    metrics,
    events: powertoolsJobEvents(logger, metrics),
    tracing,
    instrument: (client) => tracing.instrument(client),
  };
}

/**
 * Publishes the invocation's EMF metrics, if it recorded any. Powertools' logMetrics would warn on
 * every invocation without one (most API reads), which is noise, not news.
 */
export function flushMetrics(metrics: Metrics): MiddlewareObj {
  const flush = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}
