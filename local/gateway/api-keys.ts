import { createHash, timingSafeEqual } from 'node:crypto';
import type { UsagePlanModel } from '../template/api.ts';
import type { GatewayResponseType } from './gateway-responses.ts';

export type KeyVerdict =
  | 'ok'
  | Extract<GatewayResponseType, 'INVALID_API_KEY' | 'THROTTLED' | 'QUOTA_EXCEEDED'>;

const PERIOD_MS = { DAY: 86_400_000, WEEK: 7 * 86_400_000, MONTH: 30 * 86_400_000 } as const;

/**
 * API Gateway's API-key check for methods with ApiKeyRequired, with the usage plan's per-key limits:
 * a token bucket (rate per second, burst) and a quota per period. One key: the runtime's.
 */
export class ApiKeyGuard {
  private tokens: number;
  private refilledAt: number;
  private quotaUsed = 0;
  private quotaPeriodStart: number;

  constructor(
    private readonly key: string,
    private readonly plan: UsagePlanModel = {},
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = plan.burstLimit ?? Number.POSITIVE_INFINITY;
    this.refilledAt = now();
    this.quotaPeriodStart = now();
  }

  /** The key's id as API Gateway shows it (`$context.identity.apiKeyId`): 10 characters, not the key. */
  get keyId(): string {
    return createHash('sha256').update(this.key).digest('hex').slice(0, 10);
  }

  /** The key itself, for `requestContext.identity.apiKey` once a request has passed the check. */
  get value(): string {
    return this.key;
  }

  check(sent: string | undefined): KeyVerdict {
    if (sent === undefined || !sameKey(sent, this.key)) return 'INVALID_API_KEY';
    if (!this.withinQuota()) return 'QUOTA_EXCEEDED';
    if (!this.takeToken()) return 'THROTTLED';
    return 'ok';
  }

  private takeToken(): boolean {
    const { rateLimit, burstLimit } = this.plan;
    if (rateLimit === undefined || burstLimit === undefined) return true;
    const now = this.now();
    this.tokens = Math.min(burstLimit, this.tokens + ((now - this.refilledAt) / 1000) * rateLimit);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private withinQuota(): boolean {
    const { quota } = this.plan;
    if (!quota) return true;
    const now = this.now();
    if (now - this.quotaPeriodStart >= PERIOD_MS[quota.period]) {
      this.quotaPeriodStart = now;
      this.quotaUsed = 0;
    }
    this.quotaUsed += 1;
    return this.quotaUsed <= quota.limit;
  }
}

/**
 * Compares digests, not the keys: both are the same length whatever was sent, so the time taken
 * tells neither the key's length nor how much of it matched.
 */
function sameKey(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}
