import { z } from 'zod';
import { defineJob, PermanentJobError } from '../src/index.ts';

const DEFAULT_FROM = 'sqs-jobs <no-reply@sqs-jobs.local>';
const DEFAULT_SUBJECT = 'Hello from sqs-jobs';
const MESSAGE_ID_DOMAIN = 'sqs-jobs.local';
const CRLF = '\r\n';
/** RFC 5322 asks for lines of at most 78 characters and forbids more than 998. */
const SHOULD_LINE = 78;
const MUST_LINE = 998;
/** UTF-8 bytes per encoded-word: its base64 (48 chars) plus "=?UTF-8?B??=" stays within RFC 2047's 75. */
const ENCODED_WORD_BYTES = 36;

/** Renders the message into the outbox/ folder, which is this system's delivery point (no SES here). */
export const email = defineJob({
  description: 'Renders an e-mail (RFC 5322) and drops it in the outbox/ folder of the files bucket.',
  // Per recipient domain, as a mail provider would ask: at most 4 at once and 10 a second.
  keyLimits: { key: (payload) => recipientDomain(payload.to), concurrency: 4, ratePerSecond: 10 },
  schema: z.strictObject({
    to: z.email(),
    subject: z.string().max(998).optional(),
    body: z.string().max(100_000).optional(),
    from: z.email().optional(),
  }),
  handler: async (payload, { jobId, files }) => {
    const from = singleLine('from', payload.from ?? DEFAULT_FROM);
    const to = singleLine('to', payload.to);
    const subject = singleLine('subject', payload.subject ?? DEFAULT_SUBJECT);
    const messageId = `<${jobId.replace(/[^\w!#$%&'*+/=?^`{|}~.-]/g, '-')}@${MESSAGE_ID_DOMAIN}>`;
    const body = payload.body ?? `This message was rendered by sqs-jobs job ${jobId}.`;
    const message = [
      `From: ${from}`,
      `To: ${to}`,
      `Subject: ${subjectValue(subject)}`,
      `Date: ${rfc5322Date(new Date())}`,
      `Message-ID: ${messageId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      quotedPrintable(body),
      '',
    ].join(CRLF);
    const key = `outbox/${jobId}.eml`;
    const bytes = new TextEncoder().encode(message);
    await files.put(key, bytes, 'message/rfc822');
    return { messageId, key, bytes: bytes.byteLength, to };
  },
});

/** A line break in a header value would let the payload write headers of its own (e.g. Bcc:). */
function singleLine(field: string, value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new PermanentJobError(`email: the ${field} field may not contain line breaks.`, { field });
  }
  return value;
}

/** Printable ASCII is folded at spaces; anything else becomes RFC 2047 encoded-words. */
function subjectValue(subject: string): string {
  if (/^[\x20-\x7e]*$/.test(subject)) {
    const folded = foldAtSpaces(subject, 'Subject: '.length);
    if (folded) return folded;
  }
  return encodedWords(subject);
}

/** Breaks before a space so that unfolding (removing CRLF) gives the text back exactly. */
function foldAtSpaces(text: string, prefixLength: number): string | undefined {
  const lines: string[] = [];
  let line = '';
  let room = SHOULD_LINE - prefixLength;
  for (const [index, token] of text.split(' ').entries()) {
    const piece = index === 0 ? token : ` ${token}`;
    // Never start a line with whitespace alone: a line of only spaces is not a valid fold.
    if (line.length + piece.length > room && line.trim() !== '' && token !== '') {
      lines.push(line);
      line = '';
      room = SHOULD_LINE;
    }
    line += piece;
  }
  lines.push(line);
  return lines.every((l) => l.length + prefixLength <= MUST_LINE) ? lines.join(CRLF) : undefined;
}

function encodedWords(text: string): string {
  const chunks: string[] = [];
  let chunk = '';
  // By code point, so a multi-byte character never straddles two encoded-words (RFC 2047 §5).
  for (const char of text) {
    if (Buffer.byteLength(chunk + char) > ENCODED_WORD_BYTES) {
      chunks.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  chunks.push(chunk);
  return chunks.map((c) => `=?UTF-8?B?${Buffer.from(c).toString('base64')}?=`).join(`${CRLF} `);
}

/** e.g. "Tue, 03 Jun 2025 09:15:00 +0000"; toUTCString's "GMT" is the obsolete zone form. */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** RFC 2045 §6.7 over UTF-8 bytes; every line break of the body becomes CRLF. */
function quotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map(quotedPrintableLine)
    .join(CRLF);
}

function quotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const lines: string[] = [];
  let current = '';
  for (const [index, byte] of bytes.entries()) {
    const atEnd = index === bytes.length - 1;
    // Trailing spaces are encoded: transports may strip them.
    const literal =
      (byte >= 33 && byte <= 126 && byte !== 0x3d) || ((byte === 0x20 || byte === 0x09) && !atEnd);
    const token = literal
      ? String.fromCharCode(byte)
      : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    // 75 plus the soft break's "=" keeps each encoded line within the 76 characters RFC 2045 allows.
    if (current.length + token.length > 75) {
      lines.push(`${current}=`);
      current = '';
    }
    current += token;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** The domain of an address, lower case: the key email's limits are counted by. */
export function recipientDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
