import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EventBridgeEmulator,
  type PutEvent,
  startEventBridge,
} from '../../local/emulators/eventbridge.ts';
import { createJobEventBus } from '../../src/adapters/eventbridge/job-event-bus.ts';
import { busEventNames } from '../../src/core/events.ts';

const BUS = 'sqs-jobs-local';
let emulator: EventBridgeEmulator;
let client: EventBridgeClient;
const recorded: PutEvent[] = [];

beforeAll(async () => {
  emulator = await startEventBridge({ host: '127.0.0.1', buses: [BUS], record: (e) => recorded.push(e) });
  client = new EventBridgeClient({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
});

describe('job events on the EventBridge bus (real SDK, local PutEvents)', () => {
  it('puts failures on the bus, ten per call, and leaves completions off by default', async () => {
    recorded.length = 0;
    const bus = createJobEventBus({
      client,
      busName: BUS,
      names: busEventNames({ publishCompletions: false }),
      stage: 'local',
    });
    for (let i = 0; i < 12; i += 1) {
      bus.events.emit({ name: 'JobFailed', jobId: `j${i}`, type: 'email', attempt: 3, reason: 'exhausted' });
    }
    bus.events.emit({ name: 'JobCompleted', jobId: 'ok', type: 'noop' });
    bus.events.emit({ name: 'JobDeadLettered', jobId: 'dl', type: 'email', reason: 'poison' });
    expect(await bus.flush()).toEqual({ failed: 0 });
    expect(recorded).toHaveLength(13);
    expect(recorded[0]).toEqual({
      bus: BUS,
      source: 'sqs-jobs',
      detailType: 'JobFailed',
      detail: { jobId: 'j0', type: 'email', attempt: 3, reason: 'exhausted', stage: 'local' },
    });
    expect(recorded.map((e) => e.detailType)).not.toContain('JobCompleted');
    expect(await bus.flush()).toEqual({ failed: 0 }); // nothing left to send
    expect(recorded).toHaveLength(13);
  });

  it('publishes completions when switched on', async () => {
    recorded.length = 0;
    const bus = createJobEventBus({
      client,
      busName: BUS,
      names: busEventNames({ publishCompletions: true }),
      stage: 'local',
    });
    bus.events.emit({ name: 'JobCompleted', jobId: 'ok', type: 'noop', durationMs: 12 });
    await bus.flush();
    expect(recorded.map((e) => e.detailType)).toEqual(['JobCompleted']);
  });

  it('reports entries for a bus that does not exist as failed instead of throwing', async () => {
    const bus = createJobEventBus({
      client,
      busName: 'nope',
      names: busEventNames({ publishCompletions: false }),
      stage: 'local',
    });
    bus.events.emit({ name: 'JobFailed', jobId: 'x', type: 'email' });
    expect(await bus.flush()).toEqual({ failed: 1 });
  });
});
