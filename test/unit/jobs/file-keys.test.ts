import { describe, expect, it } from 'vitest';
import { jobSpecs } from '../../../src/jobs/specs.ts';

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
    const parsed = jobSpecs.resize.schema.safeParse({ file });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/"path":\["file"\]/);
  });

  it.each(['img.png', 'in/data.csv', 'a.b/c d-e_f.csv', '.hidden/x.csv'])('accepts %j', (file) => {
    expect(jobSpecs.data.schema.safeParse({ file }).success).toBe(true);
  });
});
