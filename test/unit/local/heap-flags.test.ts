import { describe, expect, it } from 'vitest';
import { lambdaHeapFlags } from '../../../local/functions/instance.ts';

describe("a function instance's heap", () => {
  it("is sized as Lambda's Node.js bootstrap sizes it: a tenth young (two semi-spaces), the rest old", () => {
    expect(lambdaHeapFlags(1024)).toEqual(['--max-semi-space-size=51', '--max-old-space-size=922']);
    expect(lambdaHeapFlags(512)).toEqual(['--max-semi-space-size=25', '--max-old-space-size=461']);
    expect(lambdaHeapFlags(128)).toEqual(['--max-semi-space-size=6', '--max-old-space-size=116']);
  });
});
