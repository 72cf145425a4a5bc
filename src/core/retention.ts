import type { FinishedStatus } from './stats/window.ts';

/**
 * How long a finished job is kept, per final status; a job type may set its own. Past it the job is
 * removed: by DynamoDB's TTL on AWS (the table's `expiresAt`), and by the sweeper everywhere (TTL
 * may lag by days, and the emulator has none). The stats keep their totals: they are counted from
 * windows as jobs finish, not from the jobs still stored.
 */
export interface RetentionPolicy {
  readonly completedSeconds?: number;
  readonly failedSeconds?: number;
  readonly canceledSeconds?: number;
}

const DAY = 86_400;
export const DEFAULT_RETENTION: Readonly<Record<FinishedStatus, number>> = {
  completed: 7 * DAY,
  failed: 30 * DAY,
  canceled: 7 * DAY,
};
/**
 * The shortest retention: a finished job must outlive the stats run that counts it (every minute,
 * reading up to 10 s back) and the sweeper run after, so the totals never miss a job.
 */
export const MIN_RETENTION_SECONDS = 120;
export const MAX_RETENTION_SECONDS = 10 * 365 * DAY;

/**
 * Seconds a job of this type that ended `status` is kept: the stack's override (a short retention
 * for trying it, `-c retentionSeconds=…`) if set, else the type's, else the default.
 */
export function retentionSeconds(
  policy: RetentionPolicy | undefined,
  status: FinishedStatus,
  overrideSeconds?: number,
): number {
  if (overrideSeconds !== undefined) return overrideSeconds;
  return policy?.[`${status}Seconds`] ?? DEFAULT_RETENTION[status];
}

/** When a job that ended `status` at `finishedAt` expires. */
export function expiryOf(
  policy: RetentionPolicy | undefined,
  status: FinishedStatus,
  finishedAt: Date,
  overrideSeconds?: number,
): Date {
  return new Date(finishedAt.getTime() + retentionSeconds(policy, status, overrideSeconds) * 1000);
}

export function retentionProblems(policy: unknown): string[] {
  if (policy === undefined) return [];
  if (typeof policy !== 'object' || policy === null)
    return ['retention must be { completedSeconds?, failedSeconds?, canceledSeconds? }'];
  const problems: string[] = [];
  for (const key of ['completedSeconds', 'failedSeconds', 'canceledSeconds'] as const) {
    const value = (policy as RetentionPolicy)[key];
    if (
      value !== undefined &&
      !(Number.isInteger(value) && value >= MIN_RETENTION_SECONDS && value <= MAX_RETENTION_SECONDS)
    )
      problems.push(
        `retention.${key} must be a whole number of seconds from ${MIN_RETENTION_SECONDS} to ${MAX_RETENTION_SECONDS}`,
      );
  }
  return problems;
}
