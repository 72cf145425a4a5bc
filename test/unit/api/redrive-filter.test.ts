import { describe, expect, it } from 'vitest';
import { parseRedriveFilter } from '../../../functions/api/redrive-filter.ts';
import { ValidationError } from '../../../src/core/errors.ts';

describe('parseRedriveFilter', () => {
  it('reads no body as "redrive everything"', () => {
    expect(parseRedriveFilter(undefined)).toEqual({});
    expect(parseRedriveFilter({})).toEqual({});
  });

  it('refuses a JSON null body instead of redriving everything', () => {
    expect(() => parseRedriveFilter(null)).toThrow(ValidationError);
  });

  it('refuses prototype keys as unknown fields', () => {
    const body = JSON.parse('{"__proto__":{"type":"noop"}}') as unknown;
    expect(() => parseRedriveFilter(body)).toThrow(ValidationError);
  });
});
