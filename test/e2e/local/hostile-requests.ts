import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { checkBrowserRequest } from '../../../local/gateway/browser-guard.ts';
import { GATEWAY_ERRORS } from '../../../src/cdk/gateway-responses.ts';

/** One HTTP request the API must refuse; `expected` is set where only one answer is right. */
export interface HostileRequest {
  readonly kind: string;
  readonly method: string;
  /** Path and query exactly as sent (node:http does not normalize it). */
  readonly path: string;
  /** In order, repeats allowed; names like "__proto__" are sent as they are. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: Buffer;
  readonly expected?: { readonly status: number; readonly code: string };
}

/** A request body and the content type it goes with (undefined: no content-type header). */
interface Body {
  readonly kind: string;
  readonly bytes: Buffer;
  readonly contentType: string | undefined;
  readonly extraHeaders?: readonly (readonly [string, string])[];
  readonly expected?: HostileRequest['expected'];
}

/** The limit the API function enforces (SQS's message size), and API Gateway's own. */
const API_LIMIT = 256 * 1024;
const GATEWAY_LIMIT = 10 * 1024 * 1024;
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const DYNAMO_EXPRESSIONS = [
  '#status = :x',
  'attribute_exists(id)',
  'attribute_not_exists(id) OR #s = :s',
  ') OR (1=1',
  "' OR '1'='1",
  'SET #status = :done REMOVE leaseUntil',
  'begins_with(id, :p)',
  ':v',
  '#n',
  '{"$ne": null}',
] as const;

/** Content types the API reads as JSON: a request that uses one is refused for its body alone. */
const JSON_CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'application/vnd.api+json',
  undefined,
] as const;
const WRONG_CONTENT_TYPES = [
  'text/html',
  'multipart/form-data; boundary=----fuzz',
  'application/xml',
  'application/octet-stream',
  'image/png',
  'application/x-json',
  'text/json',
  'application/json, text/html',
  '*/*',
] as const;

const jsonContentType = fc.constantFrom(...JSON_CONTENT_TYPES);
const text = (value: string) => Buffer.from(value, 'utf8');
const parses = (value: string) => {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
};

function withJsonType(
  kind: string,
  bytes: fc.Arbitrary<Buffer>,
  expected?: HostileRequest['expected'],
): fc.Arbitrary<Body> {
  return fc
    .tuple(bytes, jsonContentType)
    .map(([b, contentType]) => ({ kind, bytes: b, contentType, ...(expected ? { expected } : {}) }));
}

const MALFORMED_TEMPLATES = [
  "{'type':'noop'}",
  '{"type":"noop",}',
  '{type:"noop"}',
  '{"type":"noop"}/* comment */',
  '{"type":"noop"}{"type":"noop"}',
  '{"type":NaN}',
  '{"type":"noop"',
  '{"type":"no\nop"}',
  '{"type":"\\x41"}',
  '{"type":"noop","maxAttempts":01}',
  '{"type":undefined}',
  '\u0000{"type":"noop"}',
  '{"type":"noop"}\u0000',
];

/** Text that is not JSON at all: templates, truncations of a valid job and random strings. */
const malformedJson: fc.Arbitrary<Body> = withJsonType(
  'malformed JSON',
  fc
    .oneof(
      fc.constantFrom(...MALFORMED_TEMPLATES),
      fc.integer({ min: 1, max: 40 }).map((n) => '{"type":"sleep","payload":{"ms":100}}'.slice(0, n)),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
      fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 200 }),
    )
    .filter((value) => !parses(value))
    .map(text),
  { status: 400, code: 'MalformedJson' },
);

/** 1,000 to 100,000 levels of [ or {"a": — closed (valid JSON, wrong shape) or left open. */
const deeplyNested: fc.Arbitrary<Body> = withJsonType(
  'deeply nested JSON',
  fc
    .record({
      depth: fc.integer({ min: 1_000, max: 100_000 }),
      open: fc.constantFrom('[', '{"a":', '{"__proto__":'),
      closed: fc.boolean(),
      wrap: fc.constantFrom('%s', '{"type":"noop","payload":%s}', '{"type":"sleep","ms":%s}', '{"type":%s}'),
    })
    .map(({ depth, open, closed, wrap }) => {
      const close = open === '[' ? ']' : '}';
      const nested = `${open.repeat(depth)}${open === '[' ? '' : '1'}${closed ? close.repeat(depth) : ''}`;
      return text(wrap.replace('%s', nested));
    }),
);

/** Past the API's 256 KB limit (up to ~1 MB), some of it a valid job padded with whitespace. */
const hugeBody: fc.Arbitrary<Body> = withJsonType(
  'huge body',
  fc
    .record({
      size: fc.oneof(
        fc.integer({ min: API_LIMIT + 1, max: API_LIMIT + 4_096 }),
        fc.integer({ min: 900_000, max: 1_100_000 }),
      ),
      shape: fc.constantFrom('padded valid job', 'long string field', 'long array'),
    })
    .map(({ size, shape }) => {
      if (shape === 'padded valid job') return text(`{"type":"noop"}${' '.repeat(size)}`);
      if (shape === 'long string field')
        return text(`{"type":"email","to":"a@example.com","body":"${'x'.repeat(size)}"}`);
      return text(`{"type":"noop","payload":{"items":[${'1,'.repeat(size / 2)}1]}}`);
    }),
  { status: 413, code: 'PayloadTooLarge' },
);

/** Bytes no UTF-8 decoder accepts, inside what would otherwise be a valid job. */
const BAD_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf], // overlong "/"
  [0xed, 0xa0, 0x80], // an encoded surrogate
  [0xe2, 0x82], // truncated "€"
  [0xf8, 0x88, 0x80, 0x80, 0x80], // five-byte form
  [0x80], // lone continuation byte
] as const;
const invalidUtf8: fc.Arbitrary<Body> = withJsonType(
  'invalid UTF-8',
  fc
    .record({
      bad: fc.constantFrom(...BAD_UTF8),
      where: fc.constantFrom('type', 'payload value', 'key', 'random bytes'),
      noise: fc.uint8Array({ maxLength: 64 }),
    })
    .map(({ bad, where, noise }) => {
      const b = Buffer.from(bad);
      if (where === 'type') return Buffer.concat([text('{"type":"no'), b, text('op"}')]);
      if (where === 'payload value')
        return Buffer.concat([text('{"type":"email","to":"a@ex'), b, text('.com"}')]);
      if (where === 'key') return Buffer.concat([text('{"type":"noop","'), b, text('":1}')]);
      return Buffer.concat([Buffer.from(noise), b, Buffer.from(noise)]);
    }),
  { status: 400, code: 'InvalidEncoding' },
);

/** A body that is invalid whatever route receives it. */
const syntaxBody = fc.oneof(
  { arbitrary: malformedJson, weight: 4 },
  { arbitrary: deeplyNested, weight: 2 },
  { arbitrary: hugeBody, weight: 1 },
  { arbitrary: invalidUtf8, weight: 3 },
);

/** A body the route would accept, under a content type or content coding the API does not read. */
function wrongEncoding(validJson: string): fc.Arbitrary<Body> {
  return fc.oneof(
    fc.constantFrom(...WRONG_CONTENT_TYPES).map(
      (contentType): Body => ({
        kind: 'wrong content type',
        bytes: text(validJson),
        contentType,
        expected: { status: 415, code: 'UnsupportedMediaType' },
      }),
    ),
    fc
      .tuple(
        fc.constantFrom('gzip', 'deflate', 'br', 'x-gzip', 'compress', 'gzip, identity'),
        fc.boolean(),
        jsonContentType,
      )
      .map(
        ([coding, reallyGzipped, contentType]): Body => ({
          kind: 'content-encoding',
          bytes: reallyGzipped && coding === 'gzip' ? gzipSync(validJson) : text(validJson),
          contentType,
          extraHeaders: [['content-encoding', coding]],
          expected: { status: 415, code: 'UnsupportedMediaType' },
        }),
      ),
  );
}

const anyJson = fc.jsonValue({ maxDepth: 3 });
const protoKey = fc.constantFrom(...PROTO_KEYS);
const jobTypeLike = (knownTypes: readonly string[]) =>
  fc.constantFrom('noop', 'sleep', ...knownTypes.filter((t) => t !== 'noop' && t !== 'sleep'));

/** Bodies that are JSON, under a JSON content type, but do not describe a job. */
function badJobBody(knownTypes: readonly string[]): fc.Arbitrary<Body> {
  const unknownType = fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 0, maxLength: 80 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }), // lone surrogates included
      fc.constantFrom(...PROTO_KEYS, 'toString', 'hasOwnProperty', 'valueOf', ...DYNAMO_EXPRESSIONS),
      fc.constantFrom(...knownTypes).map((t) => t.toUpperCase()),
      fc.constantFrom(...knownTypes).map((t) => ` ${t}`),
    )
    .filter((t) => !knownTypes.includes(t));
  const unknownKey = fc
    .oneof(fc.string({ maxLength: 30 }), protoKey, fc.constantFrom(...DYNAMO_EXPRESSIONS))
    .filter((key) => !['type', 'payload', 'maxAttempts'].includes(key));
  const notAnObject = fc.oneof(
    fc.constantFrom(null, true, 1, 'noop'),
    fc.array(anyJson, { maxLength: 3 }),
    fc.constant([{ type: 'noop' }]),
  );
  const badMaxAttempts = fc.oneof(
    fc.integer({ min: -1_000_000, max: 0 }),
    fc.integer({ min: 1_000, max: Number.MAX_SAFE_INTEGER }),
    fc.double({ min: 1.01, max: 20, noNaN: true }).filter((n) => !Number.isInteger(n)),
    fc.constantFrom('3', '1e400', null, true, [], {}, '#status = :x'),
  );
  const json = (kind: string, value: fc.Arbitrary<string>) => withJsonType(kind, value.map(text), undefined);

  return fc.oneof(
    json(
      'prototype keys',
      fc.oneof(
        fc
          .tuple(protoKey, anyJson)
          .map(([key, value]) => `{"type":"noop","${key}":${JSON.stringify(value)}}`),
        fc
          .tuple(protoKey, anyJson)
          .map(([key, value]) => `{"type":"sleep","payload":{"ms":1,"${key}":${JSON.stringify(value)}}}`),
        fc
          .tuple(protoKey, anyJson)
          .map(([key, value]) => `{"type":"sleep","ms":1,"${key}":${JSON.stringify(value)}}`),
        protoKey.map((key) => `{"${key}":{"type":"noop"}}`),
        protoKey.map((key) => `{"type":"noop","payload":{"${key}":{"prototype":{"polluted":true}}}}`),
        protoKey.map((key) => `{"type":"${key}"}`),
        protoKey.map((key) => `{"type":"noop","maxAttempts":{"${key}":3}}`),
      ),
    ),
    json(
      'DynamoDB expressions',
      fc
        .tuple(fc.constantFrom(...DYNAMO_EXPRESSIONS), fc.nat(4))
        .map(([expression, at]) =>
          JSON.stringify(
            [
              { type: expression },
              { type: 'noop', [expression]: 1 },
              { type: 'sleep', ms: expression },
              { type: 'email', to: expression },
              { type: 'resize', file: expression },
            ][at],
          ),
        ),
    ),
    json(
      'unknown fields',
      fc.oneof(
        fc.tuple(unknownKey, anyJson).map(([key, value]) => JSON.stringify({ type: 'noop', [key]: value })),
        fc
          .tuple(unknownKey, anyJson)
          .map(([key, value]) => JSON.stringify({ type: 'sleep', payload: { ms: 1 }, [key]: value })),
        fc
          .tuple(unknownKey, anyJson)
          .map(([key, value]) => JSON.stringify({ type: 'noop', payload: { [key]: value } })),
      ),
    ),
    json(
      'wrong field types',
      fc.oneof(
        fc
          .oneof(
            fc.integer(),
            fc.array(fc.constant('noop'), { maxLength: 2 }),
            fc.constant({ name: 'noop' }),
            fc.constantFrom(null, true, '', 'x'.repeat(65)),
          )
          .map((type) => JSON.stringify({ type })),
        fc
          .oneof(fc.string(), fc.integer(), fc.array(anyJson, { maxLength: 2 }), fc.constantFrom(null, false))
          .map((payload) => JSON.stringify({ type: 'noop', payload })),
        badMaxAttempts.map((maxAttempts) =>
          JSON.stringify({ type: 'noop', maxAttempts }).replace('"1e400"', '1e400'),
        ),
        fc.tuple(jobTypeLike(knownTypes), anyJson).map(([type, payload]) =>
          // A valid type with a payload of the wrong shape for every spec.
          JSON.stringify({ type, payload: Array.isArray(payload) ? payload : [payload] }),
        ),
      ),
    ),
    json(
      'unknown job type',
      unknownType.map((type) => JSON.stringify({ type })),
    ),
    json(
      'not an object',
      notAnObject.map((value) => JSON.stringify(value)),
    ),
    fc.constant<Body>({
      kind: 'empty body',
      bytes: Buffer.alloc(0),
      contentType: 'application/json',
      expected: { status: 400, code: 'ValidationError' },
    }),
  );
}

/** Redrive filters the schema must refuse (`{}`, no body, or a valid type/ids would redrive). */
const badRedriveFilter: fc.Arbitrary<Body> = withJsonType(
  'bad redrive filter',
  fc
    .oneof(
      fc.constantFrom(
        'null',
        '[]',
        '"everything"',
        '42',
        'true',
        '{"type":5}',
        '{"type":""}',
        `{"type":"${'x'.repeat(65)}"}`,
        '{"ids":[]}',
        '{"ids":"abc"}',
        '{"ids":[1]}',
        '{"ids":[""]}',
        `{"ids":["${'i'.repeat(129)}"]}`,
        `{"ids":${JSON.stringify(Array.from({ length: 1_001 }, (_, i) => `id-${i}`))}}`,
        '{"ids":null}',
        '{"type":null}',
        '{"__proto__":{"type":"noop"}}',
        '{"type":"noop","constructor":{"prototype":{}}}',
        '{"type":"noop","ids":["a"],"all":true}',
      ),
      fc
        .tuple(
          fc.oneof(fc.string({ maxLength: 20 }), protoKey, fc.constantFrom(...DYNAMO_EXPRESSIONS)),
          anyJson,
        )
        .filter(([key]) => key !== 'type' && key !== 'ids')
        .map(([key, value]) => JSON.stringify({ [key]: value })),
      fc
        .oneof(fc.integer(), fc.array(fc.string(), { maxLength: 2 }), fc.constant({ $ne: null }))
        .map((type) => JSON.stringify({ type })),
      fc
        .oneof(
          fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.object()), { minLength: 1, maxLength: 3 }),
        )
        .map((ids) => JSON.stringify({ ids })),
    )
    .map(text),
  { status: 400, code: 'ValidationError' },
);

/** A path segment standing for a job id that does not exist, as it goes on the wire. */
const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '%00',
    '..%2F',
    '..%2F..%2Fstatus',
    '%2e%2e',
    '..',
    '.',
    '%2F',
    '%ZZ',
    '%',
    '%E0%A4%A',
    '%C0%AF',
    '%ED%A0%80',
    '%F0%9F%92%A9',
    'undefined',
    'null',
    '__proto__',
    'constructor',
    'prototype',
    '00000000-0000-0000-0000-000000000000',
  ),
  fc.constantFrom(...DYNAMO_EXPRESSIONS).map(encodeURIComponent),
  // Up to 2,000 characters; multi-byte ones kept shorter so the URL stays under Node's 16 KB header limit.
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 2_000 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 500 }).map(encodeURIComponent),
  // Past DynamoDB's 2,048-byte key limit: the API must say 404, not pass it to DynamoDB.
  fc.integer({ min: 1_000, max: 5_000 }).map((n) => 'a'.repeat(n)),
  fc.integer({ min: 700, max: 800 }).map((n) => encodeURIComponent('€'.repeat(n))), // > 2,048 bytes, < 16 KB URL
);

/** A query string: ignored by every route, so it must not change the answer. */
const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant(''), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      '?__proto__=x',
      '?__proto__[polluted]=1&constructor[prototype][polluted]=1',
      '?constructor=1&prototype=2&hasOwnProperty=3',
      '?id=%00&type=%23status%20%3D%20%3Ax',
      '?a=1&a=2&a=3',
      '?%ZZ=%',
    ),
    weight: 1,
  },
  {
    arbitrary: fc
      .dictionary(fc.string({ maxLength: 10 }), fc.string({ unit: 'grapheme', maxLength: 20 }), {
        maxKeys: 4,
      })
      .map((q) => `?${new URLSearchParams(q)}`),
    weight: 1,
  },
);

const printable = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

/** Headers besides the body's: prototype names, spoofed forwarding, one large value (all under 16 KB). */
const randomHeaders: fc.Arbitrary<(readonly [string, string])[]> = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constantFrom(...PROTO_KEYS, 'toString', 'hasOwnProperty', 'x-fuzz'), printable(40)),
      fc.tuple(
        fc.constantFrom(
          'accept',
          'x-forwarded-for',
          'x-forwarded-proto',
          'x-api-key',
          'user-agent',
          'authorization',
          'cookie',
          'x-http-method-override',
          'x-amzn-trace-id',
          'host',
        ),
        printable(200).filter((value) => value.trim() !== ''),
      ),
      fc.tuple(
        fc.constant('x-fuzz-large'),
        fc.integer({ min: 1_000, max: 6_000 }).map((n) => 'h'.repeat(n)),
      ),
    ),
    { maxLength: 4 },
  )
  // The large header goes at most once.
  .map((headers) =>
    headers.filter(([name], i) => name !== 'x-fuzz-large' || headers.findIndex(([n]) => n === name) === i),
  );

/** The gateway's own answers, as the stack declares them (these tests run on the embedded runtime only). */
const NO_ROUTE = {
  status: GATEWAY_ERRORS.MISSING_AUTHENTICATION_TOKEN.statusCode,
  code: GATEWAY_ERRORS.MISSING_AUTHENTICATION_TOKEN.code,
};

/** Requests to paths or methods the API does not have. */
const noSuchRoute: fc.Arbitrary<Omit<HostileRequest, 'headers'>> = fc
  .oneof(
    fc.tuple(
      fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS'),
      fc.constantFrom('/jobs', '/jobs/x', '/jobs/x/cancel', '/dlq/redrive', '/status'),
    ),
    fc.tuple(fc.constant('GET'), fc.constantFrom('/dlq/redrive', '/jobs/x/cancel', '/jobs/x/retry')),
    fc.tuple(fc.constant('POST'), fc.constantFrom('/status', '/jobs/x', '/jobs/x/status', '/dlq')),
    fc.tuple(
      fc.constantFrom('GET', 'POST'),
      fc.constantFrom(
        '/job',
        '/JOBS',
        '/jobs/x/y/z',
        '/admin',
        '/%2e%2e/etc/passwd',
        '/jobs/%2F/cancel/extra',
        '/__proto__',
        '/dlq/redrive/now',
      ),
    ),
  )
  .map(([method, path]) => ({ kind: 'no such route', method, path, expected: NO_ROUTE }));

function postWith(path: string, body: Body): Omit<HostileRequest, 'headers'> & { bodyHeaders: Body } {
  return {
    kind: body.kind,
    method: 'POST',
    path,
    body: body.bytes,
    bodyHeaders: body,
    ...(body.expected ? { expected: body.expected } : {}),
  };
}

/** Every hostile request, over every route; `knownTypes` (from the API) keeps generated types unknown. */
export function hostileRequest(knownTypes: readonly string[]): fc.Arbitrary<HostileRequest> {
  const jobs = fc.oneof(
    { arbitrary: syntaxBody, weight: 4 },
    { arbitrary: wrongEncoding('{"type":"noop"}'), weight: 1 },
    { arbitrary: badJobBody(knownTypes), weight: 5 },
  );
  const redrive = fc.oneof(
    { arbitrary: syntaxBody, weight: 1 },
    { arbitrary: wrongEncoding('{"type":"noop"}'), weight: 1 },
    { arbitrary: badRedriveFilter, weight: 2 },
  );
  const byId = fc
    .tuple(
      hostileId,
      fc.constantFrom('get', 'status', 'cancel', 'retry', 'retry with body'),
      fc.oneof(syntaxBody, wrongEncoding('{"payload":{}}')),
    )
    .map(([id, action, retryBody]): Omit<HostileRequest, 'headers'> & { bodyHeaders?: Body } => {
      const notFound = { status: 404, code: 'JobNotFound' };
      if (action === 'get')
        return { kind: 'hostile id', method: 'GET', path: `/jobs/${id}`, expected: notFound };
      if (action === 'status')
        return { kind: 'hostile id', method: 'GET', path: `/jobs/${id}/status`, expected: notFound };
      if (action !== 'retry with body')
        return { kind: 'hostile id', method: 'POST', path: `/jobs/${id}/${action}`, expected: notFound };
      return postWith(`/jobs/${id}/retry`, retryBody);
    });
  const request = fc.oneof(
    { arbitrary: jobs.map((b) => postWith('/jobs', b)), weight: 10 },
    { arbitrary: redrive.map((b) => postWith('/dlq/redrive', b)), weight: 3 },
    { arbitrary: byId, weight: 4 },
    { arbitrary: noSuchRoute, weight: 1 },
  );
  return fc.tuple(request, hostileQuery, randomHeaders).map(([r, query, extra]) => {
    const { bodyHeaders, ...rest } = r as typeof r & { bodyHeaders?: Body };
    const headers: (readonly [string, string])[] = [...extra];
    if (bodyHeaders?.contentType !== undefined) headers.push(['content-type', bodyHeaders.contentType]);
    headers.push(...(bodyHeaders?.extraHeaders ?? []));
    // A Host that does not name this machine is refused before anything else (DNS rebinding).
    const host = extra.find(([name]) => name === 'host')?.[1];
    const foreignHost = host !== undefined && !checkBrowserRequest({ host }, '127.0.0.1').ok;
    return describable({
      ...rest,
      path: `${rest.path}${query}`,
      headers,
      ...(foreignHost ? { expected: { status: 403, code: 'ForbiddenHost' } } : {}),
    });
  });
}

/** One request over API Gateway's own 10 MB limit: the gateway answers, the function never runs. */
export function overGatewayLimit(): HostileRequest {
  return describable({
    kind: 'over 10 MB',
    method: 'POST',
    path: '/jobs',
    headers: [['content-type', 'application/json']],
    body: text(`{"type":"noop"}${' '.repeat(GATEWAY_LIMIT)}`),
    expected: {
      status: GATEWAY_ERRORS.REQUEST_TOO_LARGE.statusCode,
      code: GATEWAY_ERRORS.REQUEST_TOO_LARGE.code,
    },
  });
}

/** fast-check prints counterexamples with this: a 1 MB body shows as its length and first bytes. */
function describable(request: HostileRequest): HostileRequest {
  return Object.assign(request, {
    [fc.toStringMethod]: () => {
      const preview = request.body
        ? ` body(${request.body.length} B)=${JSON.stringify(request.body.subarray(0, 160).toString('latin1'))}`
        : '';
      const headers = request.headers.map(([n, v]) => `${n}: ${v.length > 60 ? `${v.slice(0, 60)}…` : v}`);
      return `${request.method} ${request.path.slice(0, 200)} [${headers.join(' | ')}]${preview}`;
    },
  });
}
