import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  MalformedJsonError,
  PayloadTooLargeError,
  SqsJobsError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../core/errors.ts';
import { MAX_SUBMISSION_BYTES } from '../core/submission.ts';

/** SQS's message limit; a job that could not be sent whole must not be accepted. */
export const MAX_BODY_BYTES = MAX_SUBMISSION_BYTES;

/**
 * JSON is accepted under its own media types and under the ones curl and browsers send by default
 * (`curl -d` says x-www-form-urlencoded), since the body is parsed as JSON either way.
 */
const ACCEPTED_MEDIA_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'] as const;

export function readJsonBody(
  event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded' | 'headers'>,
  /** The largest body taken (POST /jobs/batch takes more than one job's). */
  maxBytes: number = MAX_BODY_BYTES,
): unknown {
  const contentType = headerValue(event.headers, 'content-type');
  if (contentType !== undefined) assertJsonMediaType(contentType);
  const contentEncoding = headerValue(event.headers, 'content-encoding');
  if (contentEncoding !== undefined) assertNoContentCoding(contentEncoding);
  if (event.body === null || event.body === '') {
    throw new ValidationError('The request body is empty; send a JSON object like {"type": "noop"}.');
  }
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > maxBytes) throw new PayloadTooLargeError(bytes.byteLength, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SqsJobsError('InvalidEncoding', 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedJsonError(error);
  }
}

/** For routes whose body is optional: no body reads as undefined. */
export function readOptionalJsonBody(
  event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded' | 'headers'>,
): unknown {
  return event.body === null || event.body === '' ? undefined : readJsonBody(event);
}

function assertJsonMediaType(contentType: string): void {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const ok =
    mediaType === '' ||
    (ACCEPTED_MEDIA_TYPES as readonly string[]).includes(mediaType) ||
    /^application\/[\w.-]+\+json$/.test(mediaType);
  if (!ok) throw new UnsupportedMediaTypeError(mediaType, ACCEPTED_MEDIA_TYPES);
}

/**
 * API Gateway passes a compressed body on as it came, so it would be read as garbled text or, when
 * the header lies, as a job the sender did not mean: any coding but identity is refused.
 */
function assertNoContentCoding(contentEncoding: string): void {
  const codings = contentEncoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length > 0) {
    throw new SqsJobsError(
      'UnsupportedMediaType',
      `Content-Encoding "${contentEncoding}" is not supported; send the JSON uncompressed.`,
      { contentEncoding, supported: ['identity'] },
    );
  }
}

export function headerValue(
  headers: APIGatewayProxyEvent['headers'] | null,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === wanted) return value ?? undefined;
  return undefined;
}
