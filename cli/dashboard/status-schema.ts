import { z } from 'zod';
import type { StatsSnapshot, WindowStats } from '../../src/core/stats.ts';
import { instant } from '../../src/http/schemas/common.ts';
import { heldBackStats, statusView, windowStats } from '../../src/http/schemas/stats.ts';

/**
 * The API's answers are checked before they are drawn: a proxy's HTML page, another service on the
 * same port or an older API must show as a problem, not as "undefined pending". The schemas are the
 * API's own (src/http/schemas, what its OpenAPI document describes), so they cannot drift from it.
 */

/**
 * GET /status. Counts of statuses newer than an API (`waiting` for dependencies, `scheduled`) read as
 * 0 when it does not send them: the schema's own defaults.
 */
export const statusViewSchema = statusView;

/**
 * The part of GET /stats the dashboard reads: the latest snapshot's last-minute latencies, and how
 * often job limits held jobs back (absent from snapshots and APIs older than job limits).
 */
export interface SnapshotView {
  readonly snapshot:
    | (Pick<StatsSnapshot, 'takenAt' | 'heldBack'> & {
        readonly lastMinute: Pick<WindowStats, 'seconds' | 'queueWaitMs' | 'runTimeMs'>;
      })
    | null;
}

export const snapshotViewSchema: z.ZodType<SnapshotView> = z.object({
  snapshot: z
    .object({
      takenAt: instant,
      lastMinute: windowStats.pick({ seconds: true, queueWaitMs: true, runTimeMs: true }),
      heldBack: heldBackStats.optional(),
    })
    .nullable(),
});

/** The first problem, as "field.path: what is wrong", short enough for one line. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`;
}
