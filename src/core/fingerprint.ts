import { createHash } from 'node:crypto';
import type { JsonValue } from './json.ts';

// Its own file: idempotency.ts is also read by the dashboard page, which has no node:crypto.

/** A stable digest of a request: the same fields in any key order give the same fingerprint. */
export function fingerprintOf(request: JsonValue): string {
  return createHash('sha256').update(canonicalJson(request)).digest('base64url');
}

function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
