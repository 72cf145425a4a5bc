import { describe, expect, it } from 'vitest';
import { flaky } from '../../../jobs/flaky.ts';
import { noop } from '../../../jobs/noop.ts';
import { sleep } from '../../../jobs/sleep.ts';
import { jobContext } from '../../helpers/job-context.ts';

describe('noop', () => {
  it('succeeds with ok', async () => {
    await expect(noop.handler({}, jobContext())).resolves.toEqual({ ok: true });
  });
});

describe('sleep', () => {
  it('waits the requested time', async () => {
    const started = Date.now();
    const result = await sleep.handler({ ms: 50 }, jobContext());
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(result).toEqual({ sleptMs: expect.any(Number) });
    expect((result as { sleptMs: number }).sleptMs).toBeGreaterThanOrEqual(45);
  });

  it('stops promptly when the job is aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = sleep.handler({ ms: 60_000 }, jobContext({ signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('cancelled')), 20);
    await expect(running).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not start when the signal is already aborted', async () => {
    await expect(
      sleep.handler({ ms: 60_000 }, jobContext({ signal: AbortSignal.abort() })),
    ).rejects.toThrow();
  });
});

describe('flaky', () => {
  it('fails its planned attempts with a retryable error, then succeeds', async () => {
    const payload = { failTimes: 2 };
    await expect(flaky.handler(payload, jobContext({ attempt: 1 }))).rejects.toThrow(
      'flaky: attempt 1 of 2 planned failures',
    );
    const second = flaky.handler(payload, jobContext({ attempt: 2 }));
    await expect(second).rejects.toThrow('flaky: attempt 2 of 2 planned failures');
    await second.catch((error: unknown) => expect((error as Error).name).toBe('Error'));
    await expect(flaky.handler(payload, jobContext({ attempt: 3 }))).resolves.toEqual({
      attempt: 3,
      succeededAfterFailures: 2,
    });
  });

  it('succeeds at once when failTimes is 0', async () => {
    await expect(flaky.handler({ failTimes: 0 }, jobContext())).resolves.toEqual({
      attempt: 1,
      succeededAfterFailures: 0,
    });
  });
});
