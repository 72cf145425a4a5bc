import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SqsJobsError } from '../../../src/core/errors.ts';
import { statusFor } from '../../../src/http/error-mapper.ts';
import { readJsonBody } from '../../../src/http/json-body.ts';

function refusal(event: Parameters<typeof readJsonBody>[0]): { status: number; code: string } {
  try {
    readJsonBody(event);
  } catch (error) {
    if (error instanceof SqsJobsError) return { status: statusFor(error), code: error.code };
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('readJsonBody and Content-Encoding', () => {
  it('refuses a gzip body with 415 instead of calling it invalid UTF-8', () => {
    const body = gzipSync('{"type":"noop"}').toString('base64');
    const event = { body, isBase64Encoded: true, headers: { 'Content-Encoding': 'gzip' } };
    expect(refusal(event)).toEqual({ status: 415, code: 'UnsupportedMediaType' });
  });

  it('refuses plain JSON that claims a content coding, rather than reading it as a job', () => {
    for (const coding of ['gzip', 'br', 'deflate, identity']) {
      const event = {
        body: '{"type":"noop"}',
        isBase64Encoded: false,
        headers: { 'content-encoding': coding },
      };
      expect(refusal(event)).toEqual({ status: 415, code: 'UnsupportedMediaType' });
    }
  });

  it('reads identity-coded bodies as before', () => {
    const event = {
      body: '{"type":"noop"}',
      isBase64Encoded: false,
      headers: { 'content-encoding': 'identity' },
    };
    expect(readJsonBody(event)).toEqual({ type: 'noop' });
  });
});
