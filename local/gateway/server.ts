import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InvocationOutcome } from '../functions/protocol.ts';
import type { ApiModel } from '../template/api.ts';
import type { ApiKeyGuard } from './api-keys.ts';
import { checkBrowserRequest } from './browser-guard.ts';
import { type ApiIdentity, buildProxyEvent, type CallerIdentity, formatRequestTime } from './event.ts';
import { GatewayResponses, type GatewayResponseType } from './gateway-responses.ts';
import type { IamAuthorizer } from './iam-auth.ts';
import { type HttpResponse, proxyResultToHttp } from './response.ts';
import { RouteTable } from './routes.ts';

/** API Gateway's payload limit for REST APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** How much of an over-limit body is read (and dropped) before answering 413 anyway. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
/** API Gateway stops waiting for a REST integration after 29 s, whatever the function's timeout. */
const INTEGRATION_TIMEOUT_MS = 29_000;

export interface GatewayOptions {
  readonly api: ApiModel;
  readonly accountId: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly invoke: (functionLogicalId: string, event: unknown) => Promise<InvocationOutcome>;
  readonly log: (line: string) => void;
  /**
   * Checks `x-api-key` on methods with ApiKeyRequired. Without it those methods are served without
   * a key: the runtime leaves keys unchecked unless started with --auth.
   */
  readonly apiKeys?: ApiKeyGuard;
  /**
   * Checks SigV4 signatures and the signer's policy on AWS_IAM methods. Without it those methods are
   * served unsigned: the runtime checks signatures only when started with --auth.
   */
  readonly iam?: IamAuthorizer;
  /** Hears each request's `$context` values once it is answered (see access-log.ts). */
  readonly accessLog?: (context: Readonly<Record<string, string | number | undefined>>) => void;
}

export interface Gateway {
  readonly url: string;
  readonly routes: readonly string[];
  requests(): number;
  /** Stops accepting connections; requests already in flight finish first. */
  close(): Promise<void>;
}

/** The REST API, served at the root (no stage prefix) so `curl http://127.0.0.1:8080/jobs` works. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const table = new RouteTable(options.api.routes);
  const responses = new GatewayResponses(options.api.gatewayResponses);
  const identity: ApiIdentity = {
    apiId: options.api.apiId,
    stage: options.api.stageName,
    accountId: options.accountId,
  };
  let requests = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    const requestId = randomUUID();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const requestPath = url.split('?', 1)[0] as string;
    const receivedAt = new Date();
    const started = performance.now();
    // What the access log line says about this request, filled in as the request goes.
    const record: Record<string, string | number | undefined> = {
      requestId,
      extendedRequestId: requestId,
      'identity.sourceIp': req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      'identity.userAgent': req.headers['user-agent'],
      requestTime: formatRequestTime(receivedAt),
      requestTimeEpoch: receivedAt.getTime(),
      httpMethod: method,
      path: `/${identity.stage}${requestPath}`,
      protocol: `HTTP/${req.httpVersion}`,
      stage: identity.stage,
      apiId: identity.apiId,
      accountId: identity.accountId,
    };
    const reply = (response: HttpResponse, closeConnection = false) => {
      send(res, response, requestId, closeConnection);
      if (!options.accessLog) return;
      record.status = response.statusCode;
      record.responseLength = response.body.length;
      record.responseLatency = Math.round(performance.now() - started);
      options.accessLog(record);
    };
    const gatewayResponse = (type: GatewayResponseType) => {
      const response = responses.render(type, { requestId });
      record['error.responseType'] = type === 'LAMBDA_ERROR' ? 'DEFAULT_5XX' : type;
      record['error.message'] = responses.message(type);
      return response;
    };
    const browser = checkBrowserRequest({ host: req.headers.host, origin: req.headers.origin }, options.host);
    if (!browser.ok) {
      req.resume();
      const body = JSON.stringify({
        error: { code: browser.code, message: browser.message, details: { requestId } },
      });
      record['error.message'] = browser.message;
      return reply({ statusCode: 403, headers: [], body: Buffer.from(body) });
    }
    const match = table.match(method, requestPath);
    if (match.kind === 'none') {
      req.resume();
      return reply(gatewayResponse('MISSING_AUTHENTICATION_TOKEN'));
    }
    const { route } = match;
    record.resourcePath = route.resourcePath;
    record.resourceId = route.resourceId;
    let caller: CallerIdentity = {};
    if (route.apiKeyRequired && options.apiKeys) {
      const sent = req.headers['x-api-key'];
      const verdict = options.apiKeys.check(Array.isArray(sent) ? sent[0] : sent);
      if (verdict !== 'ok') {
        req.resume();
        return reply(gatewayResponse(verdict));
      }
      caller = { apiKey: options.apiKeys.value, apiKeyId: options.apiKeys.keyId };
      record['identity.apiKeyId'] = caller.apiKeyId;
    }
    const body = await readBody(req);
    if (body === 'too-large') return reply(gatewayResponse('REQUEST_TOO_LARGE'), true);
    if (route.authorizationType === 'AWS_IAM' && options.iam) {
      // The signature covers the body, so it is checked once the body is in.
      const verdict = await options.iam.authorize({ method, url, headers: req.headers, body });
      const who = verdict.ok || verdict.type === 'ACCESS_DENIED' ? verdict.identity : undefined;
      if (who) {
        caller = {
          accessKey: who.accessKeyId,
          accountId: identity.accountId,
          caller: who.userId,
          user: who.userId,
          userArn: who.arn,
        };
        Object.assign(record, {
          'identity.accessKey': caller.accessKey,
          'identity.accountId': caller.accountId,
          'identity.caller': caller.caller,
          'identity.user': caller.user,
          'identity.userArn': caller.userArn,
        });
      }
      if (!verdict.ok) {
        options.log(`[gateway] ${method} ${url} → 403 ${verdict.type}: ${verdict.reason}`);
        return reply(gatewayResponse(verdict.type));
      }
    }
    if (route.integration.type !== 'AWS_PROXY') {
      options.log(`[gateway] ${method} ${route.resourcePath}: ${route.integration.reason}`);
      return reply(gatewayResponse('LAMBDA_ERROR'));
    }
    const event = buildProxyEvent(
      {
        method,
        url,
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: String(record['identity.sourceIp']),
        httpVersion: req.httpVersion,
        localPort: req.socket.localPort ?? 0,
      },
      route,
      match.pathParameters,
      identity,
      requestId,
      receivedAt,
      caller,
    );
    const invokedAt = performance.now();
    const outcome = await withTimeout(options.invoke(route.integration.functionLogicalId, event));
    record.integrationLatency = Math.round(performance.now() - invokedAt);
    if (outcome === 'timeout') {
      options.log(
        `[gateway] ${method} ${url}: the function did not answer within 29 s (API Gateway's limit)`,
      );
      return reply(gatewayResponse('INTEGRATION_TIMEOUT'));
    }
    if (!outcome.ok) {
      options.log(
        `[gateway] ${method} ${url} → 502: ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
      );
      return reply(gatewayResponse('LAMBDA_ERROR'));
    }
    const response = proxyResultToHttp(outcome.value);
    if ('malformed' in response) {
      options.log(`[gateway] ${method} ${url} → 502: malformed Lambda proxy response: ${response.malformed}`);
      return reply(gatewayResponse('LAMBDA_ERROR'));
    }
    record.integrationStatus = response.statusCode;
    return reply(response);
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log(
        `[gateway] ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`,
      );
      if (!res.headersSent) res.writeHead(500).end(JSON.stringify({ message: 'Internal server error' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `The API cannot listen on port ${options.port}: it is in use. Use --port (or PORT), or 0 for a random port.`,
            )
          : error,
      ),
    );
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    routes: table.describe(),
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function send(res: ServerResponse, response: HttpResponse, requestId: string, closeConnection = false): void {
  const names = new Set(response.headers.map(([name]) => name.toLowerCase()));
  const headers: (readonly [string, string])[] = [...response.headers];
  // API Gateway labels a proxy response JSON unless the function says otherwise.
  if (!names.has('content-type')) headers.push(['Content-Type', 'application/json']);
  headers.push(['x-amzn-RequestId', requestId], ['Content-Length', String(response.body.length)]);
  if (closeConnection) headers.push(['Connection', 'close']);
  res.writeHead(response.statusCode, headers.flat());
  res.end(response.body);
}

/** The body, or 'too-large' past API Gateway's limit (then the rest is discarded; the connection closes). */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped, and the 413 goes out once the client has sent it
    // all: answering mid-upload and closing makes the client's next write fail (EPIPE) and can reset
    // the connection before the 413 arrives. Past DRAIN_LIMIT_BYTES it is not worth waiting for.
    let tooLarge = Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > DRAIN_LIMIT_BYTES) resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function withTimeout(invocation: Promise<InvocationOutcome>): Promise<InvocationOutcome | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), INTEGRATION_TIMEOUT_MS);
  });
  return Promise.race([invocation, timeout]).finally(() => clearTimeout(timer));
}
