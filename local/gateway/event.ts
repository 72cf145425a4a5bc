import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RouteModel } from '../template/api.ts';

export interface IncomingRequest {
  readonly method: string;
  /** Path and query as sent, e.g. "/jobs/abc?verbose=1". */
  readonly url: string;
  /** Node's rawHeaders: name, value, name, value… with the client's casing and repeats. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly httpVersion: string;
  readonly localPort: number;
}

export interface ApiIdentity {
  readonly apiId: string;
  readonly stage: string;
  readonly accountId: string;
}

/** Who called, as API Gateway fills `requestContext.identity` after checking a key or a signature. */
export interface CallerIdentity {
  readonly apiKey?: string;
  readonly apiKeyId?: string;
  readonly accessKey?: string;
  readonly accountId?: string;
  readonly caller?: string;
  readonly user?: string;
  readonly userArn?: string;
}

/** Content types API Gateway can pass as text; anything else reaches the handler base64-encoded. */
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|[\w.+-]+\+(json|xml)))/i;

/** The proxy integration event (payload format 1.0) API Gateway sends a REST API's Lambda. */
export function buildProxyEvent(
  request: IncomingRequest,
  route: RouteModel,
  pathParameters: Readonly<Record<string, string>>,
  api: ApiIdentity,
  requestId: string,
  now: Date,
  caller: CallerIdentity = {},
): APIGatewayProxyEvent {
  const queryAt = request.url.indexOf('?');
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : request.url.slice(queryAt + 1);
  const { headers, multiValueHeaders } = readHeaders(request);
  const { single, multi } = readQuery(query);
  const contentType = lastHeader(multiValueHeaders, 'content-type') ?? '';
  const text = request.body.length === 0 || (TEXT_TYPES.test(contentType) && isUtf8(request.body));
  return {
    resource: route.resourcePath,
    path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: single,
    multiValueQueryStringParameters: multi,
    pathParameters: Object.keys(pathParameters).length > 0 ? { ...pathParameters } : null,
    stageVariables: null,
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      authorizer: undefined,
      resourceId: route.resourceId,
      resourcePath: route.resourcePath,
      httpMethod: request.method,
      extendedRequestId: requestId,
      requestTime: formatRequestTime(now),
      requestTimeEpoch: now.getTime(),
      path: `/${api.stage}${path}`,
      stage: api.stage,
      requestId,
      domainName: lastHeader(multiValueHeaders, 'host') ?? `127.0.0.1:${request.localPort}`,
      domainPrefix: (lastHeader(multiValueHeaders, 'host') ?? '127').split('.')[0] as string,
      protocol: `HTTP/${request.httpVersion}`,
      identity: {
        accessKey: caller.accessKey ?? null,
        accountId: caller.accountId ?? null,
        apiKey: caller.apiKey ?? null,
        apiKeyId: caller.apiKeyId ?? null,
        caller: caller.caller ?? null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: caller.user ?? null,
        userAgent: lastHeader(multiValueHeaders, 'user-agent') ?? null,
        userArn: caller.userArn ?? null,
      },
    },
    body:
      request.body.length === 0
        ? null
        : text
          ? request.body.toString('utf8')
          : request.body.toString('base64'),
    isBase64Encoded: !text,
  };
}

function readHeaders(request: IncomingRequest) {
  // A Map, not an object: a header named "__proto__" or "constructor" is a header like any other.
  const values = new Map<string, string[]>();
  const add = (name: string, value: string) => values.set(name, [...(values.get(name) ?? []), value]);
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    add(request.rawHeaders[i] as string, request.rawHeaders[i + 1] as string);
  }
  // Headers API Gateway adds in front of every integration.
  const has = (name: string) => [...values.keys()].some((key) => key.toLowerCase() === name);
  if (!has('x-forwarded-for')) add('X-Forwarded-For', request.sourceIp);
  if (!has('x-forwarded-port')) add('X-Forwarded-Port', String(request.localPort));
  if (!has('x-forwarded-proto')) add('X-Forwarded-Proto', 'http');
  return {
    // API Gateway keeps the last of repeated headers here.
    headers: ownEntries(values, (list) => list.at(-1) as string),
    multiValueHeaders: ownEntries(values, (list) => list),
  };
}

function readQuery(query: string) {
  if (query === '') return { single: null, multi: null };
  const values = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(query))
    values.set(name, [...(values.get(name) ?? []), value]);
  if (values.size === 0) return { single: null, multi: null };
  return {
    single: ownEntries(values, (list) => list.at(-1) as string),
    multi: ownEntries(values, (list) => list),
  };
}

/** Object.fromEntries defines own properties, so "__proto__" stays a key instead of setting the prototype. */
function ownEntries<T>(
  values: ReadonlyMap<string, string[]>,
  pick: (list: string[]) => T,
): Record<string, T> {
  return Object.fromEntries([...values].map(([name, list]) => [name, pick(list)]));
}

function lastHeader(headers: Readonly<Record<string, string[]>>, name: string): string | undefined {
  const key = Object.keys(headers).findLast((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key]?.at(-1);
}

function isUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "09/Apr/2015:12:34:56 +0000", API Gateway's requestTime format. */
export function formatRequestTime(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(now.getUTCDate())}/${MONTHS[now.getUTCMonth()]}/${now.getUTCFullYear()}:${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())} +0000`;
}
