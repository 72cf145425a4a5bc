import { describe, expect, it } from 'vitest';
import { describeChaos, invocationFault, parseChaos } from '../../../local/chaos.ts';
import { ChaosSpecError } from '../../../local/errors.ts';

describe('--chaos', () => {
  it('reads probabilities per fault; faults not named are 0', () => {
    expect(parseChaos('crash=0.05,duplicate=0.1,timeout=0.02')).toEqual({
      crash: 0.05,
      duplicate: 0.1,
      timeout: 0.02,
    });
    expect(parseChaos(' duplicate = 1 ')).toEqual({ crash: 0, duplicate: 1, timeout: 0 });
    expect(describeChaos(parseChaos('crash=0.5'))).toBe('crash=0.5 duplicate=0 timeout=0');
  });

  it('rejects unknown faults and values outside 0..1, naming every problem at once', () => {
    expect(() => parseChaos('explode=0.1,crash=2,timeout=-1,duplicate=x')).toThrow(ChaosSpecError);
    try {
      parseChaos('explode=0.1,crash=2,timeout=-1,duplicate=x');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('unknown fault "explode"');
      expect(message).toContain('crash must be a probability from 0 to 1, got "2"');
      expect(message).toContain('timeout must be a probability from 0 to 1, got "-1"');
      expect(message).toContain('duplicate must be a probability from 0 to 1, got "x"');
    }
    expect(() => parseChaos('')).toThrow(/empty/);
    expect(() => parseChaos('crash')).toThrow(/crash must be a probability/);
  });

  it('picks at most one of crash and timeout per invocation, by one roll', () => {
    const settings = { crash: 0.1, duplicate: 0, timeout: 0.2 };
    expect(invocationFault(settings, () => 0.05)).toBe('crash');
    expect(invocationFault(settings, () => 0.25)).toBe('timeout');
    expect(invocationFault(settings, () => 0.35)).toBeUndefined();
  });
});
