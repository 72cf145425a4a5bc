import { describe, expect, it } from 'vitest';
import { createInitGate } from '../../../local/functions/init-gate.ts';

describe('the init gate', () => {
  it('lets as many inits start as it has slots, and the next one when one ends', async () => {
    const gate = createInitGate(2);
    const first = await gate.enter();
    const second = await gate.enter();
    let third: (() => void) | undefined;
    const waiting = gate.enter().then((leave) => {
      third = leave;
    });
    await Promise.resolve();
    expect(third).toBeUndefined();
    first();
    first(); // leaving twice frees one slot only
    await waiting;
    expect(third).toBeTypeOf('function');
    let fourth = false;
    void gate.enter().then(() => {
      fourth = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(fourth).toBe(false);
    second();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fourth).toBe(true);
  });
});
