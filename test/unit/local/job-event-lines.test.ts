import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createEventSink, type RuntimeEvent } from '../../../local/events.ts';
import { parseJobEvent, withJobEvents } from '../../../local/functions/job-event-lines.ts';
import type { FunctionOutput } from '../../../local/functions/output.ts';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    level: 'INFO',
    message: fields.event,
    timestamp: '2026-11-23T10:00:00Z',
    service: 'sqs-jobs',
    sampling_rate: 0,
    ...fields,
  });

describe('job events in function output', () => {
  it('reads a Powertools log line as the event, without the logger fields', () => {
    expect(
      parseJobEvent(line({ event: 'JobCompleted', jobId: 'j1', type: 'email', attempt: 2, durationMs: 40 })),
    ).toEqual({
      type: 'JobCompleted',
      jobId: 'j1',
      jobType: 'email',
      details: { attempt: 2, durationMs: 40 },
    });
  });

  it('ignores plain lines, other JSON, unknown event names and lines without a job id', () => {
    for (const text of [
      'START RequestId: 1',
      '{"level":"INFO","message":"stats snapshot taken"}',
      line({ event: 'JobExploded', jobId: 'j1' }),
      line({ event: 'JobCompleted' }),
      '{"event":"Job', // cut off
    ]) {
      expect(parseJobEvent(text), text).toBeUndefined();
    }
  });

  it('passes output through untouched and sends the events to the sink with the instance', async () => {
    const seen: string[] = [];
    const inner: FunctionOutput = {
      attach: (_fn, _label, stream) => stream.on('data', (chunk: Buffer) => seen.push(chunk.toString())),
      close: async () => {},
    };
    const sink = createEventSink();
    const events: RuntimeEvent[] = [];
    sink.onEvent((event) => events.push(event));
    const stream = new PassThrough();
    withJobEvents(inner, sink).attach('worker', 'worker#2', stream);
    stream.write(`hello\n${line({ event: 'JobStarted', jobId: 'j9', type: 'noop', attempt: 1 })}\n`);
    await sleep(10);
    expect(seen.join('')).toContain('hello\n');
    expect(events).toEqual([
      expect.objectContaining({
        type: 'JobStarted',
        jobId: 'j9',
        jobType: 'noop',
        function: 'worker',
        instance: 'worker#2',
      }),
    ]);
  });
});
