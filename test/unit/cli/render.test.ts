import { describe, expect, it } from 'vitest';
import { heldBackText, jobLines, progressText, type ShownJob } from '../../../cli/render.ts';
import type { HeldBack } from '../../../src/core/limits.ts';

const held: HeldBack = {
  reason: 'concurrency',
  message: '2 resize jobs are running (concurrency 2)',
  since: '2026-05-01T12:00:01.000Z',
  until: '2026-05-01T12:00:05.000Z',
  times: 3,
};

const job = (extra: Partial<ShownJob> = {}): ShownJob => ({
  id: 'r1',
  type: 'resize',
  status: 'pending',
  attempts: 0,
  maxAttempts: 3,
  createdAt: '2026-05-01T12:00:00.000Z',
  updatedAt: '2026-05-01T12:00:01.000Z',
  ...extra,
});

describe('a held-back job in get', () => {
  it('says which limit holds it, how often and when it tries again', () => {
    expect(heldBackText(held)).toBe(
      '2 resize jobs are running (concurrency 2) — 3 times since 2026-05-01T12:00:01Z, next try 2026-05-01T12:00:05Z',
    );
    expect(heldBackText({ ...held, times: 1 })).toContain(' — 1 time since ');
  });

  it('shows the hold under the status and the limit key under the priority, aligned with the rest', () => {
    const lines = jobLines(job({ heldBack: held, limitKey: 'example.com' }));
    expect(lines.slice(0, 7)).toEqual([
      'id         r1',
      'type       resize',
      'status     pending',
      'held back  2 resize jobs are running (concurrency 2) — 3 times since 2026-05-01T12:00:01Z, next try 2026-05-01T12:00:05Z',
      'attempts   0/3',
      'priority   default',
      'limit key  example.com',
    ]);
  });

  it('shows neither line for a job no limit holds back and that has no key', () => {
    const lines = jobLines(job());
    expect(lines.some((line) => line.startsWith('held back') || line.startsWith('limit key'))).toBe(false);
    expect(lines).toContain('attempts  0/3');
  });

  it('prints a limit key taken from a hostile payload as inert text', () => {
    const key = 'evil\x1b]0;title\x07\x1b[2J.com\u202e';
    const message = `4 email jobs of key "${key}" are running (key concurrency 4)`;
    const lines = jobLines(job({ limitKey: key, heldBack: { ...held, reason: 'keyConcurrency', message } }));
    expect(lines).toContain('limit key  evil.com');
    expect(lines.find((line) => line.startsWith('held back'))).toContain(
      '4 email jobs of key "evil.com" are running',
    );
    for (const line of lines) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting that none are left.
      expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
  });
});

describe('a job’s progress in get', () => {
  const progress = { percent: 40, message: 'slept 4000 of 10000 ms', at: '2026-05-01T12:00:04.250Z' };

  it('says the percent, then the message when there is one', () => {
    expect(progressText(progress)).toBe('40% — slept 4000 of 10000 ms');
    expect(progressText({ percent: 12.5, at: progress.at })).toBe('12.5%');
    expect(progressText({ percent: 100 / 3, message: '', at: progress.at })).toBe('33.3%');
  });

  it('shows it under the status with when it was reported, and no line for a job without', () => {
    const lines = jobLines(job({ status: 'running', attempts: 1, progress }));
    expect(lines.slice(2, 5)).toEqual([
      'status    running',
      'progress  40% — slept 4000 of 10000 ms (at 2026-05-01T12:00:04Z)',
      'attempts  1/3',
    ]);
    expect(jobLines(job()).some((line) => line.startsWith('progress'))).toBe(false);
  });

  it('prints a hostile message as inert text', () => {
    const message = 'copying\x1b]0;title\x07\x1b[2J\nrows\u202e';
    const line = jobLines(job({ progress: { ...progress, message } })).find((l) => l.startsWith('progress'));
    expect(line).toBe('progress  40% — copying rows (at 2026-05-01T12:00:04Z)');
  });
});
