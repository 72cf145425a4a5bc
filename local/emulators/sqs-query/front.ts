/**
 * The SQS and S3 endpoint the runtime advertises, in front of fauxqs. fauxqs speaks SQS's JSON
 * protocol only, while older AWS CLIs and SDKs (Debian 12's AWS CLI 2.9.19, the Java
 * SDK v1) speak the query protocol: this listener translates those requests to JSON and the answers
 * back to XML, and passes every other request (SQS JSON, S3, SNS) through untouched. It also answers
 * ListDeadLetterSourceQueues, which fauxqs lacks, in both protocols.
 *
 * Loaded by fauxqs-child.mjs through Node's own type stripping, so it imports nothing but node: and
 * its siblings, and uses only erasable TypeScript.
 */
import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseQueryRequest, SQS_QUERY_VERSION } from './query-request.ts';
import { queryErrorResponse, queryResponse } from './query-response.ts';

export interface QueryFront {
  readonly port: number;
  close(): Promise<void>;
}

interface JsonAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

type CallJson = (action: string, input: Record<string, unknown>) => Promise<JsonAnswer>;

/** fauxqs takes 11 MiB bodies; a form-encoded batch of large messages stays under this. */
const MAX_QUERY_BODY_BYTES = 12 * 1024 * 1024;
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const DEAD_LETTER_SOURCES = 'ListDeadLetterSourceQueues';
/** Hop-by-hop headers, which belong to one connection and are not forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'expect', 'proxy-connection', 'upgrade']);

export async function startQueryFront(options: {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** fauxqs's own port, on 127.0.0.1. */
  readonly upstreamPort: number;
}): Promise<QueryFront> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const upstream = { host: '127.0.0.1', port: options.upstreamPort, agent };
  const server = createServer((req, res) => {
    route(req, res, upstream).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`The SQS endpoint could not reach fauxqs: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Long polls (ReceiveMessage with WaitTimeSeconds) must not hold the stop for 20 s.
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

type Upstream = { readonly host: string; readonly port: number; readonly agent: Agent };

async function route(req: IncomingMessage, res: ServerResponse, upstream: Upstream): Promise<void> {
  const target = header(req.headers['x-amz-target']);
  if (target) {
    if (target !== `AmazonSQS.${DEAD_LETTER_SOURCES}`) return passThrough(req, res, upstream);
    const body = await readBody(req);
    const input = parseJson(body.toString('utf8')) ?? {};
    const answer = await deadLetterSources(input, jsonCaller(req, res, upstream));
    return sendJson(res, answer);
  }
  const url = new URL(req.url ?? '/', 'http://front');
  const service = signingService(req.headers.authorization, url.searchParams.get('X-Amz-Credential'));
  const isForm = header(req.headers['content-type']).includes('application/x-www-form-urlencoded');
  // Signed for another service (s3, sns, sts), or a body that cannot be a query-protocol form.
  if ((service && service !== 'sqs') || (req.method !== 'GET' && !isForm)) {
    return passThrough(req, res, upstream);
  }
  if (req.method === 'GET' && !service && url.searchParams.get('Version') !== SQS_QUERY_VERSION) {
    return passThrough(req, res, upstream);
  }
  const body = isForm ? await readBody(req) : Buffer.alloc(0);
  const params = new URLSearchParams(url.search);
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.append(key, value);
  // Unsigned forms are SQS's only when they say so; fauxqs reads the others (SNS) itself.
  if (!service && params.get('Version') !== SQS_QUERY_VERSION) return passThrough(req, res, upstream, body);
  return translate(req, res, params, upstream);
}

async function translate(
  req: IncomingMessage,
  res: ServerResponse,
  params: URLSearchParams,
  upstream: Upstream,
): Promise<void> {
  const origin = `http://${header(req.headers.host) || `127.0.0.1:${upstream.port}`}`;
  const { action, input } = parseQueryRequest(params, {
    path: new URL(req.url ?? '/', origin).pathname,
    origin,
  });
  if (!action) {
    return sendXml(
      res,
      queryErrorResponse(
        { status: 400, type: 'MissingAction', message: 'The request must name an Action.' },
        randomUUID(),
      ),
    );
  }
  const call = jsonCaller(req, res, upstream);
  const answer =
    action === DEAD_LETTER_SOURCES ? await deadLetterSources(input, call) : await call(action, input);
  const requestId = header(answer.headers['x-amzn-requestid']) || randomUUID();
  if (answer.status >= 300) {
    return sendXml(
      res,
      queryErrorResponse(
        {
          status: answer.status,
          type: text(answer.body.__type) ?? text(answer.body.code),
          message: text(answer.body.message) ?? text(answer.body.Message),
          queryError: header(answer.headers['x-amzn-query-error']),
        },
        requestId,
      ),
    );
  }
  sendXml(res, { status: 200, body: queryResponse(action, answer.body, requestId) });
}

/**
 * The queues whose redrive policy names this one, as SQS's ListDeadLetterSourceQueues answers:
 * fauxqs has no such action, but has what it takes (ListQueues, each queue's RedrivePolicy).
 * NextToken is the position in the sorted list.
 */
async function deadLetterSources(input: Record<string, unknown>, call: CallJson): Promise<JsonAnswer> {
  const target = await call('GetQueueAttributes', { QueueUrl: input.QueueUrl, AttributeNames: ['QueueArn'] });
  if (target.status >= 300) return target;
  const arn = attributes(target.body).QueueArn;
  const urls: string[] = [];
  let nextToken: unknown;
  do {
    const page = await call('ListQueues', nextToken ? { NextToken: nextToken } : {});
    if (page.status >= 300) return page;
    urls.push(...((page.body.QueueUrls as string[] | undefined) ?? []));
    nextToken = page.body.NextToken;
  } while (nextToken);
  const sources: string[] = [];
  for (const url of urls) {
    const queue = await call('GetQueueAttributes', { QueueUrl: url, AttributeNames: ['RedrivePolicy'] });
    const policy = attributes(queue.body).RedrivePolicy;
    if (policy && parseJson(policy)?.deadLetterTargetArn === arn) sources.push(url);
  }
  sources.sort();
  const start = Number(input.NextToken ?? 0) || 0;
  const max = typeof input.MaxResults === 'number' ? input.MaxResults : sources.length;
  const end = Math.min(sources.length, start + max);
  return {
    status: 200,
    headers: target.headers,
    body: {
      queueUrls: sources.slice(start, end),
      ...(end < sources.length ? { NextToken: String(end) } : {}),
    },
  };
}

/** Calls fauxqs with the JSON protocol, on behalf of `req` (its signature names the region). */
function jsonCaller(req: IncomingMessage, res: ServerResponse, upstream: Upstream): CallJson {
  const authorization = header(req.headers.authorization) || presignedAuthorization(req.url);
  // A client that gives up (say, on a long poll) must not leave its calls running upstream.
  const abandoned = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abandoned.abort();
  });
  return (action, input) =>
    new Promise<JsonAnswer>((resolve, reject) => {
      const payload = JSON.stringify(input);
      const call = request(
        {
          ...upstream,
          method: 'POST',
          path: '/',
          signal: abandoned.signal,
          headers: {
            // CreateQueue builds the queue URL from the Host the caller used.
            ...(req.headers.host ? { host: req.headers.host } : {}),
            ...(authorization ? { authorization } : {}),
            'content-type': JSON_CONTENT_TYPE,
            'content-length': Buffer.byteLength(payload),
            'x-amz-target': `AmazonSQS.${action}`,
          },
        },
        (answer) => {
          readBody(answer).then((body) => {
            const parsed = parseJson(body.toString('utf8'));
            resolve(
              parsed
                ? { status: answer.statusCode ?? 500, headers: answer.headers, body: parsed }
                : {
                    status: 500,
                    headers: answer.headers,
                    body: { __type: 'InternalFailure', message: `fauxqs answered ${action} with no JSON.` },
                  },
            );
          }, reject);
        },
      );
      call.once('error', reject);
      call.end(payload);
    });
}

function passThrough(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: Upstream,
  body?: Buffer,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    const call = request({ ...upstream, method: req.method, path: req.url, headers }, (answer) => {
      const answerHeaders = Object.fromEntries(
        Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
      );
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answerHeaders);
      answer.pipe(res);
      answer.once('end', resolve);
      answer.once('error', reject);
    });
    call.once('error', reject);
    res.once('close', () => {
      if (!res.writableFinished) call.destroy();
      resolve();
    });
    if (body) call.end(body);
    else req.pipe(call);
  });
}

function sendXml(res: ServerResponse, answer: { readonly status: number; readonly body: string }): void {
  res.writeHead(answer.status, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}

function sendJson(res: ServerResponse, answer: JsonAnswer): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    ...(answer.headers['x-amzn-query-error']
      ? { 'x-amzn-query-error': answer.headers['x-amzn-query-error'] }
      : {}),
  });
  res.end(body);
}

/** The service a signature version 4 request was signed for: "…/20240101/us-east-1/sqs/aws4_request". */
export function signingService(
  authorization: string | undefined,
  credential: string | null,
): string | undefined {
  const scope = /Credential=([^,\s]+)/.exec(authorization ?? '')?.[1] ?? credential ?? '';
  return scope.split('/')[3] || undefined;
}

/** fauxqs reads the region from Authorization; a presigned request carries it in the query. */
function presignedAuthorization(url: string | undefined): string {
  const credential = new URL(url ?? '/', 'http://front').searchParams.get('X-Amz-Credential');
  return credential ? `AWS4-HMAC-SHA256 Credential=${credential}` : '';
}

function attributes(body: Record<string, unknown>): Record<string, string> {
  return (body.Attributes as Record<string, string> | undefined) ?? {};
}

/** An object, or undefined when the text is no JSON object. */
function parseJson(textValue: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(textValue || '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function header(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_QUERY_BODY_BYTES) {
        stream.destroy(new Error(`The request body is larger than ${MAX_QUERY_BODY_BYTES} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}
