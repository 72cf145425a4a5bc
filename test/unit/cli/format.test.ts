import { describe, expect, it } from 'vitest';
import { describeError } from '../../../cli/describe-error.ts';
import { formatTime, labelled, table } from '../../../cli/format.ts';
import { SqsJobsApiError } from '../../../src/client/index.ts';

describe('tables and labelled blocks', () => {
  it('pads each column to its widest cell, leaves no trailing space and strips control characters', () => {
    expect(
      table(
        ['id', 'type', 'note'],
        [
          ['1', 'email', ''],
          ['22', 'a\x1b]0;x\x07\u202eb', 'x'],
        ],
      ),
    ).toEqual(['ID  TYPE   NOTE', '1   email', '22  ab     x']);
  });

  it('aligns values and leaves out what is not set', () => {
    expect(
      labelled([
        ['id', 'a'],
        ['finished', undefined],
        ['attempts', '1/3'],
      ]),
    ).toEqual(['id        a', 'attempts  1/3']);
  });

  it('shows times in UTC to the second, and anything else as it is', () => {
    expect(formatTime('2026-05-01T12:00:03.456Z')).toBe('2026-05-01T12:00:03Z');
    expect(formatTime('soon')).toBe('soon');
    expect(formatTime(undefined)).toBeUndefined();
  });
});

describe('why the API could not be reached', () => {
  const unreachable = (cause: unknown) =>
    describeError(
      new SqsJobsApiError({
        status: 0,
        code: 'NetworkError',
        message: 'x',
        method: 'GET',
        url: 'https://api.example.com/prod/status',
        cause,
      }),
      { apiKeySent: false, iam: false },
    ).message;
  const fetchFailed = (inner: unknown) => new TypeError('fetch failed', { cause: inner });

  it('names refused connections (also when both addresses of localhost refuse), unknown hosts and resets', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(unreachable(fetchFailed(refused))).toBe(
      'cannot reach https://api.example.com (connection refused)',
    );
    expect(unreachable(fetchFailed(new AggregateError([refused, refused])))).toBe(
      'cannot reach https://api.example.com (connection refused)',
    );
    const unknown = Object.assign(new Error('getaddrinfo ENOTFOUND api.example.com'), { code: 'ENOTFOUND' });
    expect(unreachable(fetchFailed(unknown))).toBe('cannot reach https://api.example.com (unknown host)');
    expect(unreachable(fetchFailed(new Error('self-signed certificate')))).toBe(
      'cannot reach https://api.example.com (self-signed certificate)',
    );
  });

  it('points at --iam and the credential chain when a signed stage refuses', () => {
    const refused = new SqsJobsApiError({
      status: 403,
      code: 'MissingAuthenticationToken',
      message: 'Missing Authentication Token',
      method: 'GET',
      url: 'https://x/status',
    });
    expect(describeError(refused, { apiKeySent: false, iam: false }).message).toBe(
      'Missing Authentication Token (403 MissingAuthenticationToken); a stage with auth=iam takes signed requests: add --iam; or check --url',
    );
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(describeError(noCredentials, { apiKeySent: false, iam: true })).toMatchObject({
      code: 'NoCredentials',
      exitCode: 2,
    });
  });
});
