import { type JobMessage, priorityOf } from '../../core/job.ts';
import type {
  Clock,
  DeadLetterRecord,
  JobQueue,
  QueueDepth,
  Receipt,
  SendOptions,
  VisibilityChange,
} from '../../core/ports.ts';
import type { Priority } from '../../core/priority.ts';
import { visibilityTimeout } from '../sqs/change-message-visibility.ts';
import { delaySeconds } from '../sqs/send-job-message.ts';

/** A message as a reader receives it: its body, attributes and the handle for changing or deleting it. */
export interface ReceivedMessage {
  readonly receiptHandle: string;
  /** The queue it was received from. */
  readonly priority: Priority;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

interface Stored {
  readonly priority: Priority;
  readonly body: string;
  readonly attributes: Record<string, string>;
  /** Epoch ms from which it can be received. */
  visibleAt: number;
  /** The handle of its latest receive; none while never received (then a later visibleAt is a delay). */
  receiptHandle?: string;
}

/**
 * The JobQueue port in memory, with SQS's rules where the use cases meet them (whole-second delays
 * up to 900 s and visibilities of 1 s to 12 h, a receive hides a message for the queue's visibility
 * timeout, ten per batch make no difference here), on an injected clock so time rules test without
 * waiting. `receive`, `delete` and `deadLetters` are the reader's side, which Lambda's event source
 * plays on AWS. Held to the same conformance suite as the SQS adapter.
 */
export class MemoryJobQueue implements JobQueue {
  readonly #messages: Stored[] = [];
  readonly #deadLetters: ReceivedMessage[] = [];
  #handles = 0;

  constructor(
    private readonly clock: Clock,
    /** Seconds a received message stays hidden (the queue's VisibilityTimeout). */
    private readonly visibilityTimeoutSeconds = 30,
  ) {}

  async send(message: JobMessage, options: SendOptions = {}): Promise<void> {
    this.#messages.push({
      priority: priorityOf(message),
      body: JSON.stringify(message),
      attributes: { jobType: message.type },
      visibleAt: this.#now() + delaySeconds(options.delaySeconds ?? 0) * 1_000,
    });
  }

  async sendBatch(
    messages: readonly JobMessage[],
    options: SendOptions = {},
  ): Promise<{ failed: JobMessage[] }> {
    for (const message of messages) await this.send(message, options);
    return { failed: [] };
  }

  async setVisibility(receipt: Receipt, seconds: number): Promise<void> {
    const message = this.#byReceipt(receipt);
    if (!message) throw new Error(`ReceiptHandleIsInvalid: ${receipt.receiptHandle}`);
    message.visibleAt = this.#now() + visibilityTimeout(seconds) * 1_000;
  }

  async setVisibilityBatch(changes: readonly VisibilityChange[]): Promise<{ failed: number }> {
    const unique = new Map(changes.map((change) => [change.receiptHandle, change]));
    let failed = 0;
    for (const change of unique.values()) {
      const message = this.#byReceipt(change);
      if (message) message.visibleAt = this.#now() + visibilityTimeout(change.seconds) * 1_000;
      else failed += 1;
    }
    return { failed };
  }

  async deadLetter(record: DeadLetterRecord): Promise<void> {
    this.#deadLetters.push({
      receiptHandle: `dead-${this.#handles++}`,
      priority: 'default',
      body: record.body,
      attributes: {
        failureReason: record.reason,
        error: record.error,
        ...(record.jobId ? { jobId: record.jobId } : {}),
        ...(record.jobType ? { jobType: record.jobType } : {}),
      },
    });
  }

  async depth(priority: Priority): Promise<QueueDepth> {
    const now = this.#now();
    const messages = this.#messages.filter((message) => message.priority === priority);
    const hidden = messages.filter((message) => message.visibleAt > now);
    return {
      visible: messages.length - hidden.length,
      inFlight: hidden.filter((message) => message.receiptHandle).length,
      delayed: hidden.filter((message) => !message.receiptHandle).length,
    };
  }

  /**
   * Receives up to `max` visible messages of one priority's queue (of every queue when none is
   * named), oldest first, hiding each for the visibility timeout.
   */
  receive(max = 10, priority?: Priority): ReceivedMessage[] {
    const now = this.#now();
    const out: ReceivedMessage[] = [];
    for (const message of this.#messages) {
      if (out.length >= max) break;
      if (message.visibleAt > now || (priority !== undefined && message.priority !== priority)) continue;
      message.receiptHandle = `h-${this.#handles++}`;
      message.visibleAt = now + this.visibilityTimeoutSeconds * 1_000;
      out.push({
        receiptHandle: message.receiptHandle,
        priority: message.priority,
        body: message.body,
        attributes: message.attributes,
      });
    }
    return out;
  }

  /** Deletes a received message (what a successful invocation does). */
  delete(receiptHandle: string): void {
    const at = this.#messages.findIndex((message) => message.receiptHandle === receiptHandle);
    if (at >= 0) this.#messages.splice(at, 1);
  }

  /** What was dead-lettered, oldest first. */
  deadLetters(): readonly ReceivedMessage[] {
    return [...this.#deadLetters];
  }

  /** The message a receipt names, on the queue it names: a handle is only good on its own queue, as on SQS. */
  #byReceipt(receipt: Receipt): Stored | undefined {
    return this.#messages.find(
      (message) => message.receiptHandle === receipt.receiptHandle && message.priority === receipt.priority,
    );
  }

  #now(): number {
    return this.clock.now().getTime();
  }
}
