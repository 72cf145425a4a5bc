import { z } from 'zod';

/** A point in time as every answer writes it: ISO-8601 in UTC (`Date.prototype.toISOString`). */
export const instant = z.iso.datetime().describe('ISO-8601 instant in UTC, e.g. 2026-01-31T09:30:00.000Z');

/** Any JSON value: a job's result, a payload field. */
export const jsonValue = z.json();

/** A JSON object: a job's payload. */
export const jsonObject = z.record(z.string(), jsonValue);

/** A whole number ≥ 0: counts, attempts, depths. */
export const count = z.int().nonnegative();

/** A rate or an amount that may have a fraction (jobs per second, milliseconds, dollars). */
export const amount = z.number().nonnegative();
