/**
 * A job's start as the API reads it: `delaySeconds` as given, `runAt` as an ISO 8601 string. Only the
 * fields given are sent, so a submission without a start is byte for byte what it was before.
 */
export interface WireStart {
  readonly delaySeconds?: number;
  readonly runAt?: string;
}

/**
 * The start fields of an enqueue, batch item or reschedule. Both fields given (from untyped code) are
 * both sent: the API's ValidationError says "not both", so the rule has one home. An invalid `Date`
 * is sent as the text "Invalid Date" for the same reason, and is refused by the API (or the
 * producer's validation) naming `runAt`; in a batch, only its own job is refused.
 */
export function wireStart(options: {
  readonly delaySeconds?: number | undefined;
  readonly runAt?: Date | string | undefined;
}): WireStart {
  const { delaySeconds, runAt } = options;
  return {
    ...(delaySeconds === undefined ? {} : { delaySeconds }),
    ...(runAt === undefined ? {} : { runAt: runAtText(runAt) }),
  };
}

function runAtText(runAt: Date | string): string {
  if (!(runAt instanceof Date)) return runAt;
  return Number.isNaN(runAt.getTime()) ? String(runAt) : runAt.toISOString();
}
