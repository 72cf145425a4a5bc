import { InvalidCursorError } from './errors.ts';
import type { ListPosition } from './ports.ts';
import { isJobStatus, type JobStatus } from './status.ts';

/** Where a newest-first listing stands in one status: not begun, after a job, or at its end. */
export type StatusPosition = 'start' | 'done' | ListPosition;

export type ListCursor = Partial<Record<JobStatus, StatusPosition>>;

const MAX_CURSOR_LENGTH = 2_048;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Opaque to clients: base64url JSON holding each listed status's position. */
export function encodeCursor(cursor: ListCursor): string {
  const p = Object.fromEntries(
    Object.entries(cursor).map(([status, at]) => [
      status,
      typeof at === 'string' ? at : { u: at.updatedAt, i: at.id },
    ]),
  );
  return Buffer.from(JSON.stringify({ v: 1, p }), 'utf8').toString('base64url');
}

/** Reads a cursor made for exactly these statuses; anything else is an InvalidCursorError. */
export function decodeCursor(raw: string, statuses: readonly JobStatus[]): ListCursor {
  if (raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw))
    throw new InvalidCursorError('not a cursor from this API');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new InvalidCursorError('not a cursor from this API', { cause });
  }
  if (!isRecord(parsed) || parsed.v !== 1 || !isRecord(parsed.p))
    throw new InvalidCursorError('not a cursor from this API');
  const keys = Object.keys(parsed.p);
  if (keys.length !== statuses.length || !statuses.every((s) => keys.includes(s)))
    throw new InvalidCursorError('it belongs to a listing with other statuses');
  const cursor: ListCursor = {};
  for (const [status, value] of Object.entries(parsed.p)) {
    if (!isJobStatus(status)) throw new InvalidCursorError(`unknown status "${status}"`);
    cursor[status] = position(value);
  }
  return cursor;
}

function position(value: unknown): StatusPosition {
  if (value === 'start' || value === 'done') return value;
  if (
    isRecord(value) &&
    typeof value.u === 'string' &&
    ISO_INSTANT.test(value.u) &&
    typeof value.i === 'string' &&
    // A job id as the API accepts one: an empty or oversized id would reach DynamoDB as a key it
    // refuses (a 500, and the 5xx alarm) instead of a 400.
    value.i.length > 0 &&
    value.i.length <= 128
  )
    return { updatedAt: value.u, id: value.i };
  throw new InvalidCursorError('a position is malformed');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
