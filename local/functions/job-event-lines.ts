import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { isJobEventName, type JobEventName } from '../../src/core/events.ts';
import type { EventSink } from '../events.ts';
import type { FunctionOutput } from './output.ts';

/**
 * Picks the job events (`{"event":"JobCompleted",…}` lines the functions log through Powertools) out
 * of every instance's output and hands them to the runtime's event sink, which appends them to
 * <stateDir>/events.log next to WorkerCrashed and WorkerRestarted. The output itself is untouched.
 */
export function withJobEvents(output: FunctionOutput, events: EventSink): FunctionOutput {
  return {
    attach(fn, label, stream) {
      output.attach(fn, label, stream);
      watchLines(stream, (line) => {
        const event = parseJobEvent(line);
        if (event) events.emit({ ...event, function: fn, instance: label });
      });
    },
    close: () => output.close(),
  };
}

export interface ParsedJobEvent {
  readonly type: JobEventName;
  readonly jobId: string;
  readonly jobType: string;
  readonly details: Record<string, unknown>;
}

export function parseJobEvent(line: string): ParsedJobEvent | undefined {
  // Cheap test first: most lines are not events.
  if (!line.includes('"event":"Job')) return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!record || typeof record !== 'object') return undefined;
  // The logger's own fields are not the event's.
  const { event, jobId, type, level, message, timestamp, service, xray_trace_id, sampling_rate, ...details } =
    record as Record<string, unknown>;
  if (!isJobEventName(event) || typeof jobId !== 'string') return undefined;
  return { type: event, jobId, jobType: String(type ?? ''), details };
}

function watchLines(stream: Readable, onLine: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', onLine);
}
