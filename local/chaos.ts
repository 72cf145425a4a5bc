import { ChaosSpecError } from './errors.ts';

/**
 * Faults the runtime injects into functions fed by SQS event sources, each a probability 0..1:
 * `crash` kills the instance (SIGKILL) mid-invocation, `timeout` ends the invocation as timed out
 * (instance killed, "Task timed out"), `duplicate` delivers a received message twice. Handlers
 * know nothing of it, as they would know nothing of the same faults on AWS.
 */
export interface ChaosSettings {
  readonly crash: number;
  readonly duplicate: number;
  readonly timeout: number;
}

export const CHAOS_FAULTS = ['crash', 'duplicate', 'timeout'] as const;
export type ChaosFault = (typeof CHAOS_FAULTS)[number];

export const NO_CHAOS: ChaosSettings = { crash: 0, duplicate: 0, timeout: 0 };

/** "crash=0.05,duplicate=0.1,timeout=0.02" → settings; every problem is reported at once. */
export function parseChaos(spec: string): ChaosSettings {
  const settings: Record<ChaosFault, number> = { ...NO_CHAOS };
  const problems: string[] = [];
  const parts = spec
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) problems.push('it is empty');
  for (const part of parts) {
    const at = part.indexOf('=');
    const key = at < 0 ? part : part.slice(0, at).trim();
    const raw = at < 0 ? '' : part.slice(at + 1).trim();
    if (!(CHAOS_FAULTS as readonly string[]).includes(key)) {
      problems.push(`unknown fault "${key}" (known: ${CHAOS_FAULTS.join(', ')})`);
      continue;
    }
    const value = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      problems.push(`${key} must be a probability from 0 to 1, got "${raw}"`);
      continue;
    }
    settings[key as ChaosFault] = value;
  }
  if (problems.length > 0)
    throw new ChaosSpecError(
      spec,
      `Invalid --chaos "${spec}": ${problems.join('; ')}. Example: --chaos crash=0.05,duplicate=0.1,timeout=0.02`,
    );
  return settings;
}

export function hasChaos(settings: ChaosSettings): boolean {
  return CHAOS_FAULTS.some((fault) => settings[fault] > 0);
}

export function describeChaos(settings: ChaosSettings): string {
  return CHAOS_FAULTS.map((fault) => `${fault}=${settings[fault]}`).join(' ');
}

/** Which fault, if any, hits one invocation: crash and timeout exclude each other. */
export function invocationFault(
  settings: ChaosSettings,
  random: () => number,
): 'crash' | 'timeout' | undefined {
  const roll = random();
  if (roll < settings.crash) return 'crash';
  if (roll < settings.crash + settings.timeout) return 'timeout';
  return undefined;
}
