import { beforeAll, describe, expect, it } from 'vitest';
import { concurrencyOf } from '../../../local/functions/concurrency.ts';
import { warmCount } from '../../../local/functions/warm-count.ts';
import { buildStackModel, type StackModel } from '../../../local/template/model.ts';
import { synthesizedAssembly } from './synthesized.ts';

let model: StackModel;

beforeAll(async () => {
  model = buildStackModel(await synthesizedAssembly(), { region: 'us-east-1' });
});

const logicalIdOf = (shortName: string) => {
  const fn = model.functions.find((candidate) => candidate.shortName === shortName);
  if (!fn) throw new Error(`no ${shortName} function in the template`);
  return fn.logicalId;
};

describe('how many instances the runtime starts before it is ready', () => {
  it('gives the worker one per poller it can use at once, up to two per core', () => {
    const worker = logicalIdOf('worker');
    const limit = concurrencyOf(model, worker);
    expect(warmCount(model, worker, limit, 2)).toBe(Math.min(limit, 4));
    expect(warmCount(model, worker, limit, 64)).toBe(limit);
  });

  it("gives the API's function one per core, within its limit", () => {
    const api = logicalIdOf('api');
    expect(warmCount(model, api, 10, 2)).toBe(2);
    expect(warmCount(model, api, 1, 2)).toBe(1);
  });

  it('starts none of the scheduled functions (nobody waits on them)', () => {
    expect(warmCount(model, logicalIdOf('stats'), 10, 2)).toBe(0);
    expect(warmCount(model, logicalIdOf('sweeper'), 10, 2)).toBe(0);
  });
});
