import { describe, expect, it } from 'vitest';
import { jobs } from '../../../jobs/index.ts';

describe('file keys in payloads', () => {
  it.each([
    'a//b.png',
    './img.png',
    'in/./img.png',
    'in/../img.png',
    '/img.png',
    'in/',
    '..',
    'img.png\u0000',
  ])('refuses %j, whose spelling a file-backed store could map onto another key', (file) => {
    const parsed = jobs.resize.schema.safeParse({ file });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/"path":\["file"\]/);
  });

  it.each(['img.png', 'in/data.csv', 'a.b/c d-e_f.csv', '.hidden/x.csv'])('accepts %j', (file) => {
    expect(jobs.data.schema.safeParse({ file }).success).toBe(true);
  });
});
