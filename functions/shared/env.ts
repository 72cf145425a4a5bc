import type { PerPriority } from '../../src/core/priority.ts';
import { ENV } from './env-names.ts';

/** Reads a required variable or fails at cold start, naming it. The only place that reads process.env. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Missing environment variable ${name}`);
  return value;
}

export function requireIntEnv(name: string): number {
  const raw = requireEnv(name);
  const value = Number(raw);
  if (!Number.isInteger(value))
    throw new Error(`Environment variable ${name} must be an integer, got "${raw}"`);
  return value;
}

/** An optional variable: undefined when unset or empty. */
export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

export function optionalIntEnv(name: string, fallback: number): number {
  return optionalEnv(name) === undefined ? fallback : requireIntEnv(name);
}

/** The jobs queue of each priority. */
export function requireQueueUrls(): PerPriority<string> {
  return {
    high: requireEnv(ENV.highPriorityQueueUrl),
    default: requireEnv(ENV.jobsQueueUrl),
    low: requireEnv(ENV.lowPriorityQueueUrl),
  };
}

/** The stack's retention override (RETENTION_SECONDS), if it set one. */
export function optionalRetention(): number | undefined {
  return optionalEnv(ENV.retentionSeconds) === undefined ? undefined : requireIntEnv(ENV.retentionSeconds);
}
