import { describe, expect, it } from 'vitest';
import { email } from '../../../jobs/email.ts';
import { PermanentJobError } from '../../../src/core/errors.ts';
import { jobContext } from '../../helpers/job-context.ts';

async function render(payload: Parameters<typeof email.handler>[0]) {
  const context = jobContext({ jobId: 'job-42' });
  const result = await email.handler(payload, context);
  const text = new TextDecoder().decode(await context.files.get('outbox/job-42.eml'));
  const [head = '', body = ''] = text.split('\r\n\r\n');
  // Unfold (RFC 5322 §2.2.3) before reading headers.
  const headers = new Map(
    head
      .replace(/\r\n(?=[ \t])/g, '')
      .split('\r\n')
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)] as const),
  );
  return { result, text, headers, body, context };
}

/** Decodes RFC 2047 B encoded-words, the way a mail client shows the subject. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

describe('email', () => {
  it('writes an RFC 5322 message with defaults to the outbox', async () => {
    const { result, text, headers, context } = await render({ to: 'ada@example.com', body: 'Hi Ada' });
    expect(result).toEqual({
      messageId: '<job-42@sqs-jobs.local>',
      key: 'outbox/job-42.eml',
      bytes: Buffer.byteLength(text),
      to: 'ada@example.com',
    });
    expect(headers.get('From')).toBe('sqs-jobs <no-reply@sqs-jobs.local>');
    expect(headers.get('To')).toBe('ada@example.com');
    expect(headers.get('Subject')).toBe('Hello from sqs-jobs');
    expect(headers.get('Message-ID')).toBe('<job-42@sqs-jobs.local>');
    expect(headers.get('MIME-Version')).toBe('1.0');
    expect(headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
    expect(headers.get('Content-Transfer-Encoding')).toBe('quoted-printable');
    expect(headers.get('Date')).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(Date.parse(headers.get('Date')!) - Date.now())).toBeLessThan(60_000);
    expect(context.files.stat('outbox/job-42.eml')?.contentType).toBe('message/rfc822');
  });

  it('uses CRLF line endings only and keeps every line within 78 characters', async () => {
    const { text } = await render({
      to: 'ada@example.com',
      subject: `A long subject ${'word '.repeat(40)}end`,
      body: `line one\nline two\r\n${'x'.repeat(300)}`,
    });
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('encodes a non-ASCII subject and body so they read back exactly', async () => {
    const subject = 'Grüße aus Köln — 東京 🚀 '.repeat(3).trim();
    const body = 'Prix: 12 € = douze euros\nLigne deux, ending with spaces   \n=== done';
    const { headers, body: encoded, text } = await render({ to: 'ada@example.com', subject, body });
    expect(text).toMatch(/^[\x20-\x7e\r\n]*$/);
    expect(headers.get('Subject')).toMatch(/^=\?UTF-8\?B\?/);
    expect(decodeWords(headers.get('Subject')!)).toBe(subject);
    expect(decodeQuotedPrintable(encoded).replace(/\r\n$/, '')).toBe(body.replace(/\n/g, '\r\n'));
  });

  it('rejects a line break in a header field as a permanent error (header injection)', async () => {
    const inject = [
      { to: 'ada@example.com', subject: 'Hi\r\nBcc: everyone@example.com' },
      { to: 'ada@example.com\nBcc: everyone@example.com' },
      { to: 'ada@example.com', from: 'me@example.com\r\nX-Spam: yes' },
    ];
    for (const payload of inject) {
      const context = jobContext();
      await expect(email.handler(payload, context)).rejects.toBeInstanceOf(PermanentJobError);
      expect(await context.files.list('outbox/')).toEqual([]);
    }
  });

  it('uses the given sender', async () => {
    const { headers } = await render({ to: 'ada@example.com', from: 'grace@example.com' });
    expect(headers.get('From')).toBe('grace@example.com');
  });
});
