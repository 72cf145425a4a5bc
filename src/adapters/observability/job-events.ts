import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { JobEvent, JobEvents } from '../../core/events.ts';

/**
 * Each transition as one JSON log line (`"event": "JobCompleted"`, the job's id and type, …) and one
 * EMF count of the same name. The metrics are flushed by the handler's logMetrics middleware, once
 * per invocation, so a batch of ten completions is one EMF record, not ten.
 */
export function powertoolsJobEvents(logger: Logger, metrics: Metrics): JobEvents {
  return {
    emit(event: JobEvent) {
      const { name, ...fields } = event;
      try {
        logger.info(name, { event: name, ...fields });
        metrics.addMetric(name, MetricUnit.Count, 1);
      } catch {
        // Reporting must never fail the job it reports on.
      }
    },
  };
}
