import type { JobError } from './job.ts';

/** Every transition of a job, by the one name it has in logs, metrics, events.log and the docs. */
export const JOB_EVENT_NAMES = [
  'JobEnqueued',
  'JobStarted',
  'JobCompleted',
  'JobFailed',
  'JobRetried',
  'JobDeadLettered',
  'JobCanceled',
] as const;

export type JobEventName = (typeof JOB_EVENT_NAMES)[number];

export interface JobEvent {
  readonly name: JobEventName;
  readonly jobId: string;
  readonly type: string;
  /** The attempt the event is about (JobStarted, JobCompleted, JobFailed, JobRetried after a failure). */
  readonly attempt?: number;
  readonly error?: JobError;
  /** JobRetried: automatic (after a failed attempt), manual (POST /jobs/{id}/retry) or redrive. */
  readonly cause?: 'automatic' | 'manual' | 'redrive';
  /** JobRetried (automatic): seconds until the next attempt. */
  readonly retryInSeconds?: number;
  /** JobFailed, JobDeadLettered: why the job ended (permanent, exhausted, poison, …). */
  readonly reason?: string;
  /** JobCompleted, JobFailed: how long the attempt ran. */
  readonly durationMs?: number;
}

/** Where transitions are reported (logs + metrics on AWS; the adapters decide). Never throws. */
export interface JobEvents {
  emit(event: JobEvent): void;
}

export const NO_JOB_EVENTS: JobEvents = { emit: () => {} };

export function isJobEventName(value: unknown): value is JobEventName {
  return typeof value === 'string' && (JOB_EVENT_NAMES as readonly string[]).includes(value);
}

/**
 * What goes on the EventBridge bus: failures always, completions only when asked for (each event
 * costs $1 per million, a completion per job doubles the bill of a cheap job).
 */
export function busEventNames(options: { readonly publishCompletions: boolean }): ReadonlySet<JobEventName> {
  const names: JobEventName[] = ['JobFailed', 'JobDeadLettered'];
  if (options.publishCompletions) names.push('JobCompleted');
  return new Set(names);
}
