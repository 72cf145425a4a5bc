import type { SQSRecord } from 'aws-lambda';
import { type PerPriority, PRIORITIES, type Priority } from '../../src/core/priority.ts';

/**
 * Which priority's queue a record came from, by its event source ARN: the worker polls one queue per
 * priority and must change a message's visibility on the queue that holds it. A queue's ARN and its
 * URL both end in its name (…:name, …/name), on AWS and on the emulators alike.
 */
export function recordPriorities(queueUrls: PerPriority<string>): (record: SQSRecord) => Priority {
  const byName = new Map(PRIORITIES.map((priority) => [lastSegment(queueUrls[priority], '/'), priority]));
  return (record) => {
    const priority = byName.get(lastSegment(record.eventSourceARN, ':'));
    if (!priority)
      throw new Error(`A record from ${record.eventSourceARN}, which is none of this worker's queues.`);
    return priority;
  };
}

function lastSegment(text: string, separator: string): string {
  return text.slice(text.lastIndexOf(separator) + 1);
}
