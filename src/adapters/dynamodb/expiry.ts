/**
 * A finished job's `expiresAt`: the table's TTL attribute, which DynamoDB reads as epoch seconds (the
 * idempotency keys use it too). The part of an update expression that sets it, when given.
 */
export function expirySet(expiresAt: Date | undefined): { set: string; values: Record<string, number> } {
  return expiresAt
    ? { set: ', expiresAt = :expires', values: { ':expires': Math.ceil(expiresAt.getTime() / 1000) } }
    : { set: '', values: {} };
}
