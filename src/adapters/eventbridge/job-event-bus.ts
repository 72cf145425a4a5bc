import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { JobEvent, JobEventName, JobEvents } from '../../core/events.ts';

/** The `source` of every event sqs-jobs puts on its bus; rules match on it and on `detail-type`. */
export const EVENT_SOURCE = 'sqs-jobs';
/** PutEvents takes at most ten entries per call. */
const MAX_ENTRIES = 10;

export interface JobEventBus {
  /** Buffers the events whose names were asked for; the rest are ignored. */
  readonly events: JobEvents;
  /**
   * Puts the buffered events on the bus, ten per call. Returns the entries that could not be put
   * (the caller logs them); alerts are best effort and must not fail the jobs they report on.
   */
  flush(): Promise<{ readonly failed: number }>;
}

export function createJobEventBus(options: {
  readonly client: EventBridgeClient;
  readonly busName: string;
  readonly names: ReadonlySet<JobEventName>;
  readonly stage: string;
}): JobEventBus {
  let buffer: PutEventsRequestEntry[] = [];
  return {
    events: {
      emit(event: JobEvent) {
        if (!options.names.has(event.name)) return;
        const { name, ...detail } = event;
        buffer.push({
          EventBusName: options.busName,
          Source: EVENT_SOURCE,
          DetailType: name,
          Detail: JSON.stringify({ ...detail, stage: options.stage }),
        });
      },
    },
    async flush() {
      const entries = buffer;
      buffer = [];
      let failed = 0;
      for (let i = 0; i < entries.length; i += MAX_ENTRIES) {
        const chunk = entries.slice(i, i + MAX_ENTRIES);
        try {
          const result = await options.client.send(new PutEventsCommand({ Entries: chunk }));
          failed += result.FailedEntryCount ?? 0;
        } catch {
          failed += chunk.length;
        }
      }
      return { failed };
    },
  };
}
