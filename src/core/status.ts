/** The lifecycle words used everywhere: code, API, dashboard, CLI and docs. */
export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'canceled'];

/**
 * Allowed moves. `running → pending` is a failed attempt that will be retried;
 * `failed → pending` is an explicit retry or redrive by a user.
 */
const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  pending: ['running', 'canceled', 'failed'],
  running: ['completed', 'failed', 'pending', 'canceled'],
  completed: [],
  failed: ['pending'],
  canceled: [],
};

export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
