import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { changeMessageVisibilityBatch } from '../../src/adapters/sqs/change-message-visibility-batch.ts';
import { type EventSink, NO_EVENTS } from '../events.ts';
import type { InvocationOutcome } from '../functions/protocol.ts';
import type { EventSourceModel } from '../template/functions.ts';
import { decideBatch } from './batch-outcome.ts';
import { toSqsEvent } from './sqs-event.ts';

/** Lambda's pollers start at five when the mapping sets no maximum concurrency. */
export const DEFAULT_POLLERS = 5;
/** ReceiveMessage returns at most ten messages, whatever the batch size. */
const MAX_RECEIVE = 10;
/**
 * A message received while stopping is handed back with this visibility timeout. 0 would be SQS's
 * "now", but fauxqs fails ChangeMessageVisibility to 0 when it persists messages; 1 s is its smallest
 * that works.
 */
export const HAND_BACK_SECONDS = 1;

export interface SqsEventSourceOptions {
  readonly mapping: EventSourceModel;
  readonly queue: { readonly url: string; readonly arn: string };
  readonly region: string;
  readonly sqs: SQSClient;
  readonly invoke: (event: SQSEvent) => Promise<InvocationOutcome>;
  readonly log: (line: string) => void;
  /** Prefix for log lines, e.g. "worker ← queue". */
  readonly label: string;
  /** Chaos: the probability that a received message is delivered twice in its batch. */
  readonly duplicate?: number;
  readonly random?: () => number;
  readonly events?: EventSink;
  /** The function's short name, for events. */
  readonly functionName?: string;
  /**
   * Makes the queue answer every waiting long poll now (and later ones at once). With it, stop()
   * lets each poll return and hands back what it brought; without it, stop() aborts the requests,
   * and a message the queue handed to an aborted poll stays hidden for its visibility timeout.
   */
  readonly endLongPolls?: () => Promise<void>;
}

export interface EventSourceStats {
  readonly batches: number;
  readonly received: number;
  readonly deleted: number;
  readonly kept: number;
  /** Extra copies delivered by chaos mode. */
  readonly duplicated: number;
  /** Received while stopping, and handed back at once instead of invoking the function. */
  readonly handedBack: number;
}

export interface SqsEventSource {
  stats(): EventSourceStats;
  /**
   * Takes no new batches: ends the long polls, hands back at once whatever they still bring, and
   * resolves once the batches already handed to the function have finished (and were deleted).
   */
  stop(): Promise<void>;
}

type Counters = { -readonly [K in keyof EventSourceStats]: EventSourceStats[K] };

/** Lambda's SQS event source mapping: long-polling pollers that invoke the function with batches. */
export function startSqsEventSource(options: SqsEventSourceOptions): SqsEventSource {
  const { mapping } = options;
  const stats: Counters = { batches: 0, received: 0, deleted: 0, kept: 0, duplicated: 0, handedBack: 0 };
  // `stopping` ends the loops and their back-off sleeps; `requests` aborts receives in flight, and
  // only when the queue cannot end its long polls itself.
  const stopping = new AbortController();
  const requests = new AbortController();
  const pollers = mapping.enabled ? (mapping.maxConcurrency ?? DEFAULT_POLLERS) : 0;
  const loops = Array.from({ length: pollers }, () =>
    pollLoop(options, { stopping: stopping.signal, requests: requests.signal }, stats),
  );
  let stopped: Promise<void> | undefined;
  return {
    stats: () => ({ ...stats }),
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        if (options.endLongPolls && pollers > 0) await options.endLongPolls();
        else requests.abort();
        await Promise.all(loops);
      })();
      return stopped;
    },
  };
}

interface Signals {
  readonly stopping: AbortSignal;
  readonly requests: AbortSignal;
}

async function pollLoop(options: SqsEventSourceOptions, signals: Signals, stats: Counters): Promise<void> {
  let failures = 0;
  while (!signals.stopping.aborted) {
    let batch: Message[];
    try {
      batch = await receiveBatch(options, signals);
      failures = 0;
    } catch (error) {
      if (signals.stopping.aborted) return;
      failures += 1;
      // Say it once, then now and then: the emulator may be restarting or the queue may be gone.
      if (failures === 1 || failures % 60 === 0)
        options.log(`[${options.label}] receive failed: ${String(error)}`);
      await sleep(Math.min(failures * 500, 5_000), undefined, { signal: signals.stopping }).catch(() => {});
      continue;
    }
    if (batch.length === 0) continue;
    if (signals.stopping.aborted) {
      // Brought by a poll that was waiting when the stop came: not this runtime's work any more.
      stats.handedBack += batch.length;
      await handBack(options, batch);
      return;
    }
    stats.batches += 1;
    stats.received += batch.length;
    const copies = duplicates(options, batch);
    stats.duplicated += copies.size;
    const delivered = [...batch, ...copies.keys()];
    let outcome: InvocationOutcome;
    try {
      outcome = await options.invoke(toSqsEvent(delivered, options.queue.arn, options.region));
    } catch (error) {
      options.log(`[${options.label}] could not invoke: ${String(error)}`);
      stats.kept += batch.length;
      continue;
    }
    const decision = decideBatch(delivered, outcome, options.mapping.reportBatchItemFailures);
    if (decision.note) options.log(`[${options.label}] ${decision.note}`);
    const remove = withoutCopies(decision.remove, copies);
    stats.kept += batch.length - remove.length;
    stats.deleted += await deleteMessages(options, remove);
  }
}

/**
 * Chaos mode's at-least-once delivery: some messages appear twice in their batch. A copy has its own
 * messageId (so a partial-batch report can name it) and the original's receipt handle, as a second
 * receive of the same message would act on the same message.
 */
function duplicates(options: SqsEventSourceOptions, batch: readonly Message[]): Map<Message, Message> {
  const copies = new Map<Message, Message>();
  const p = options.duplicate ?? 0;
  if (p <= 0) return copies;
  const random = options.random ?? Math.random;
  for (const message of batch) {
    if (random() >= p) continue;
    copies.set({ ...message, MessageId: randomUUID() }, message);
    (options.events ?? NO_EVENTS).emit({
      type: 'ChaosInjected',
      function: options.functionName ?? options.label,
      fault: 'duplicate',
      messageId: message.MessageId ?? '',
    });
  }
  return copies;
}

/**
 * Copies are never deleted themselves (the original's delete covers the message), and a copy
 * reported as failed keeps its original too, so a copy can neither delete a message twice nor drop
 * a retry the copy scheduled.
 */
function withoutCopies(remove: readonly Message[], copies: ReadonlyMap<Message, Message>): Message[] {
  if (copies.size === 0) return [...remove];
  const removed = new Set(remove);
  const kept = new Set<Message>();
  for (const [copy, original] of copies) if (!removed.has(copy)) kept.add(original);
  return remove.filter((message) => !copies.has(message) && !kept.has(message));
}

/** One receive, or with a batching window or a batch over ten, as many as fill the batch in time. */
async function receiveBatch(options: SqsEventSourceOptions, signals: Signals): Promise<Message[]> {
  const { batchSize, batchingWindowSeconds } = options.mapping;
  const batch = await receive(options, Math.min(MAX_RECEIVE, batchSize), 20, signals.requests);
  if (batch.length === 0 || batchingWindowSeconds <= 0 || batch.length >= batchSize) return batch;
  const deadline = Date.now() + batchingWindowSeconds * 1000;
  try {
    // Stopping mid-window returns what was gathered, which the loop hands back.
    while (batch.length < batchSize && !signals.stopping.aborted) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const wait = Math.min(20, Math.floor(remaining / 1000));
      const more = await receive(
        options,
        Math.min(MAX_RECEIVE, batchSize - batch.length),
        wait,
        signals.requests,
      );
      batch.push(...more);
      if (wait === 0 && more.length === 0)
        await sleep(Math.min(remaining, 100), undefined, { signal: signals.stopping }).catch(() => {});
    }
  } catch (error) {
    // A receive aborted mid-window: hand the gathered messages back now, not after the visibility timeout.
    await handBack(options, batch);
    throw error;
  }
  return batch;
}

async function receive(
  options: SqsEventSourceOptions,
  max: number,
  waitSeconds: number,
  signal: AbortSignal,
): Promise<Message[]> {
  const response = await options.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: options.queue.url,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: waitSeconds,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
    { abortSignal: signal },
  );
  return response.Messages ?? [];
}

async function deleteMessages(options: SqsEventSourceOptions, messages: readonly Message[]): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < messages.length; start += MAX_RECEIVE) {
    const chunk = messages.slice(start, start + MAX_RECEIVE);
    try {
      const response = await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queue.url,
          Entries: chunk.map((message, i) => ({ Id: `m${i}`, ReceiptHandle: message.ReceiptHandle })),
        }),
      );
      deleted += response.Successful?.length ?? 0;
      for (const failed of response.Failed ?? []) {
        options.log(
          `[${options.label}] delete failed for ${failed.Id}: ${failed.Code} ${failed.Message ?? ''}`,
        );
      }
    } catch (error) {
      options.log(`[${options.label}] delete failed: ${String(error)}`);
    }
  }
  return deleted;
}

async function handBack(options: SqsEventSourceOptions, messages: readonly Message[]): Promise<void> {
  const changes = messages.map((message) => ({
    receiptHandle: message.ReceiptHandle ?? '',
    seconds: HAND_BACK_SECONDS,
  }));
  await changeMessageVisibilityBatch(options.sqs, options.queue.url, changes).then(
    ({ failed }) => {
      if (failed > 0) options.log(`[${options.label}] could not hand back ${failed} messages`);
    },
    (error: unknown) =>
      options.log(`[${options.label}] could not hand back ${messages.length} messages: ${String(error)}`),
  );
}
