/** The lifecycle words used everywhere: code, API, dashboard, CLI and docs. The moves between them: lifecycle.ts. */
export const JOB_STATUSES = [
  'waiting',
  'scheduled',
  'pending',
  'running',
  'completed',
  'failed',
  'canceled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'canceled'];

export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
