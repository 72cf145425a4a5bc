import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

/** API Gateway refuses a signature dated more than this from its clock, either way. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface SignedRequest {
  readonly method: string;
  /** Path and query as they came on the wire (still percent-encoded), e.g. "/jobs/abc?x=1". */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export type SignatureVerdict =
  | { readonly ok: true; readonly accessKeyId: string }
  | {
      readonly ok: false;
      readonly type: 'MISSING_AUTHENTICATION_TOKEN' | 'INVALID_SIGNATURE' | 'EXPIRED_TOKEN';
      /** For the runtime's log, never the response: it would help whoever forges signatures. */
      readonly reason: string;
    };

/**
 * Checks a SigV4 `Authorization` header for service `execute-api` in `region` the way the service
 * does: it signs the request again with the secret of the access key the client named, over the
 * headers the client said it signed, and compares. The signing is the AWS SDK's own signer, so
 * anything it, the AWS CLI or another conforming signer produces is accepted.
 */
export async function verifySignature(
  request: SignedRequest,
  secretOf: (accessKeyId: string) => string | undefined,
  options: { readonly region: string; readonly now: Date },
): Promise<SignatureVerdict> {
  const authorization = header(request.headers, 'authorization');
  if (authorization === undefined) {
    return { ok: false, type: 'MISSING_AUTHENTICATION_TOKEN', reason: 'no Authorization header' };
  }
  const parsed =
    /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(
      authorization.trim(),
    );
  if (!parsed) return invalid('the Authorization header is not an AWS4-HMAC-SHA256 signature');
  const [, accessKeyId, day, region, service, signedList, signature] = parsed as unknown as string[];
  if (service !== 'execute-api') return invalid(`signed for service ${service}, not execute-api`);
  if (region !== options.region) return invalid(`signed for region ${region}, not ${options.region}`);
  if (header(request.headers, 'x-amz-security-token') !== undefined) {
    return invalid('temporary credentials (x-amz-security-token) are not local identities');
  }
  const secret = secretOf(accessKeyId as string);
  if (secret === undefined) return invalid(`no local identity has access key ${accessKeyId}`);
  const signingDate = parseAmzDate(header(request.headers, 'x-amz-date'));
  if (!signingDate) return invalid('no valid X-Amz-Date header (YYYYMMDDTHHMMSSZ)');
  if (!header(request.headers, 'x-amz-date')?.startsWith(day as string)) {
    return invalid('the credential scope date is not the day of X-Amz-Date');
  }
  if (Math.abs(options.now.getTime() - signingDate.getTime()) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, type: 'EXPIRED_TOKEN', reason: `signed at ${signingDate.toISOString()}` };
  }
  const signedNames = (signedList as string).split(';');
  if (!signedNames.includes('host')) return invalid('the host header is not signed');
  // A signed content hash must be the body's: else a captured signature would carry another body.
  const claimedHash = header(request.headers, 'x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== sha256Hex(request.body)) {
    return invalid('x-amz-content-sha256 is not the hash of the body');
  }

  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    const value = header(request.headers, name);
    if (value === undefined) return invalid(`signed header ${name} is missing`);
    headers[name] = value;
  }
  const queryAt = request.url.indexOf('?');
  const signer = new SignatureV4({
    credentials: { accessKeyId: accessKeyId as string, secretAccessKey: secret },
    region: options.region,
    service: 'execute-api',
    sha256: Hash.bind(null, 'sha256'),
    // The client decided which headers it signed; adding a content hash would change the list.
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host as string,
      path: queryAt < 0 ? request.url : request.url.slice(0, queryAt),
      query: parseQuery(queryAt < 0 ? '' : request.url.slice(queryAt + 1)),
      headers,
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(signedNames) },
  );
  const computed = /Signature=([0-9a-f]{64})$/.exec(String(expected.headers.authorization))?.[1] ?? '';
  const same =
    computed.length === (signature as string).length &&
    timingSafeEqual(Buffer.from(computed), Buffer.from(signature as string));
  return same ? { ok: true, accessKeyId: accessKeyId as string } : invalid('the signature does not match');
}

function invalid(reason: string): SignatureVerdict {
  return { ok: false, type: 'INVALID_SIGNATURE', reason };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** `20261130T041500Z` → the Date, or undefined. */
function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The query as the signer wants it: decoded names and values, repeated names as lists. */
function parseQuery(query: string): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const [name, value] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    const key = safeDecode(name);
    const decoded = safeDecode(value);
    const existing = Object.hasOwn(result, key) ? result[key] : undefined;
    result[key] = existing === undefined ? decoded : [...[existing].flat(), decoded];
  }
  return result;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
