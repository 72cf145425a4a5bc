import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventSink } from '../../../local/events.ts';
import { lambdaEnvironment } from '../../../local/functions/environment.ts';
import { lineFile } from '../../../local/line-file.ts';
import type { FunctionModel } from '../../../local/template/functions.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sqs-jobs-log-files-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('lineFile (function output and the access log)', () => {
  it('appends every line in order, whole, after what the file held', async () => {
    const file = path.join(dir, 'api.log');
    const first = lineFile(file);
    first.append('one');
    await first.close();
    const second = lineFile(file);
    for (let i = 0; i < 500; i++) second.append(`line ${i}`);
    await nextTurn();
    second.append('last');
    await second.close();
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toEqual(['one', ...Array.from({ length: 500 }, (_, i) => `line ${i}`), 'last', '']);
  });

  it('close writes the lines still waiting for the next turn, and nothing is appended after it', async () => {
    const file = path.join(dir, 'worker.log');
    const lines = lineFile(file);
    lines.append('waiting');
    await lines.close();
    lines.append('too late');
    await nextTurn();
    expect(await readFile(file, 'utf8')).toBe('waiting\n');
  });
});

describe('events.log', () => {
  it('holds each event as one JSON line as soon as emit returns', async () => {
    const file = path.join(dir, 'state', 'events.log');
    const events = createEventSink(file);
    events.emit({ type: 'WorkerRestarted', function: 'worker', instance: 'worker#1', restartsLastMinute: 1 });
    // No await: a kill -9 right after emit must not lose the line.
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
    events.emit({ type: 'WorkerRestarted', function: 'worker', instance: 'worker#2', restartsLastMinute: 2 });
    events.close();
    const lines = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.instance)).toEqual(['worker#1', 'worker#2']);
  });

  it('creates the file again when it was deleted to clear it, and still tells listeners', async () => {
    const file = path.join(dir, 'state', 'events.log');
    const events = createEventSink(file, { recheckMs: 0 });
    const heard: string[] = [];
    events.onEvent((event) => heard.push(event.type));
    events.emit({ type: 'WorkerRestarted', function: 'worker', instance: 'worker#1', restartsLastMinute: 1 });
    await rm(file);
    events.emit({ type: 'WorkerRestarted', function: 'worker', instance: 'worker#2', restartsLastMinute: 1 });
    await rm(path.join(dir, 'state'), { recursive: true });
    events.emit({ type: 'WorkerRestarted', function: 'worker', instance: 'worker#3', restartsLastMinute: 1 });
    events.close();
    expect(heard).toHaveLength(3);
    expect(JSON.parse(await readFile(file, 'utf8')).instance).toBe('worker#3');
  });
});

describe('lambdaEnvironment', () => {
  const fn = {
    name: 'app-WorkerFunction',
    shortName: 'worker',
    memoryMb: 1024,
    runtime: 'nodejs24.x',
    codeDir: '/code',
    handler: 'index.handler',
  } as FunctionModel;
  const endpoints = { dynamodb: 'http://127.0.0.1:1', sqs: 'http://127.0.0.1:2', s3: 'http://127.0.0.1:2' };

  it('turns Powertools Metrics off, as sam local does: nothing reads EMF lines locally', () => {
    expect(lambdaEnvironment(fn, {}, endpoints, 'us-east-1').POWERTOOLS_METRICS_DISABLED).toBe('true');
  });

  it("keeps the template's own choice", () => {
    const env = lambdaEnvironment(fn, { POWERTOOLS_METRICS_DISABLED: 'false' }, endpoints, 'us-east-1');
    expect(env.POWERTOOLS_METRICS_DISABLED).toBe('false');
  });
});
