import { describe, expect, it } from 'vitest';
import { jobs } from '../../../jobs/index.ts';
import { UnknownJobTypeError, ValidationError } from '../../../src/core/errors.ts';
import { parseSubmission } from '../../../src/core/submission.ts';

describe('parseSubmission', () => {
  it('takes the flat form: every other top-level field is the payload', () => {
    expect(parseSubmission({ type: 'email', to: 'bob@example.com' }, jobs)).toEqual({
      type: 'email',
      payload: { to: 'bob@example.com' },
      maxAttempts: 3,
      priority: 'default',
      limitKey: 'example.com',
    });
  });

  it('takes the explicit form with a payload object and maxAttempts', () => {
    expect(parseSubmission({ type: 'resize', payload: { file: 'img.png' }, maxAttempts: 5 }, jobs)).toEqual({
      type: 'resize',
      payload: { file: 'img.png' },
      maxAttempts: 5,
      priority: 'default',
    });
  });

  it('takes a priority, reserved like the other options, and refuses an unknown one naming it', () => {
    expect(parseSubmission({ type: 'email', to: 'a@example.com', priority: 'high' }, jobs)).toMatchObject({
      payload: { to: 'a@example.com' },
      priority: 'high',
    });
    const error = catchError(() => parseSubmission({ type: 'noop', priority: 'urgent' }, jobs));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('priority');
  });

  it('lists the known types for an unknown one', () => {
    const error = catchError(() => parseSubmission({ type: 'nope' }, jobs));
    expect(error).toBeInstanceOf(UnknownJobTypeError);
    expect(error.message).toContain('email');
    expect(error.message).toContain('resize');
  });

  it('names the failing payload field', () => {
    const error = catchError(() => parseSubmission({ type: 'email', to: 'not-an-address' }, jobs));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('to');
    expect((error as ValidationError).details.issues).toEqual([expect.objectContaining({ field: 'to' })]);
  });

  it('prefixes the field path with payload in the explicit form', () => {
    const error = catchError(() => parseSubmission({ type: 'sleep', payload: { ms: -1 } }, jobs));
    expect(error.message).toContain('payload.ms');
  });

  it('rejects unknown payload fields instead of ignoring them', () => {
    const error = catchError(() => parseSubmission({ type: 'noop', surprise: 1 }, jobs));
    expect(error).toBeInstanceOf(ValidationError);
    expect(JSON.stringify((error as ValidationError).details)).toContain('surprise');
  });

  it('rejects a __proto__ key as data, without polluting anything', () => {
    const body = JSON.parse('{"type":"noop","__proto__":{"polluted":true}}') as unknown;
    expect(() => parseSubmission(body, jobs)).toThrow(ValidationError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a __proto__ key inside an explicit payload instead of dropping it', () => {
    for (const text of [
      '{"type":"sleep","payload":{"ms":1,"__proto__":{"polluted":true}}}',
      '{"type":"noop","payload":{"__proto__":{}}}',
    ]) {
      const error = catchError(() => parseSubmission(JSON.parse(text) as unknown, jobs));
      expect(error).toBeInstanceOf(ValidationError);
      expect(JSON.stringify((error as ValidationError).details)).toContain('__proto__');
    }
  });

  it('rejects payload in both places, non-objects, a missing type and bad maxAttempts', () => {
    expect(() => parseSubmission({ type: 'sleep', payload: { ms: 1 }, ms: 2 }, jobs)).toThrow(/not both/);
    expect(() => parseSubmission([1, 2], jobs)).toThrow(ValidationError);
    expect(() => parseSubmission('noop', jobs)).toThrow(ValidationError);
    expect(() => parseSubmission({ payload: {} }, jobs)).toThrow(/type/);
    expect(() => parseSubmission({ type: 'noop', maxAttempts: 0 }, jobs)).toThrow(/maxAttempts/);
  });

  it('does not treat inherited names like "constructor" as job types', () => {
    expect(() => parseSubmission({ type: 'constructor' }, jobs)).toThrow(UnknownJobTypeError);
    expect(() => parseSubmission({ type: 'toString' }, jobs)).toThrow(UnknownJobTypeError);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
