import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One entry a function put on a bus, as the runtime records it. */
export interface PutEvent {
  readonly bus: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: unknown;
}

export interface EventBridgeEmulator {
  readonly endpoint: string;
  close(): Promise<void>;
}

const MAX_ENTRIES = 10;
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The one EventBridge call the functions make, PutEvents (AWS JSON 1.1), for the stack's buses:
 * neither emulator has EventBridge, and the SDK only needs AWS_ENDPOINT_URL_EVENTBRIDGE to find
 * this. Each event is handed to `record` (the runtime writes it to events.log); rules on the bus
 * are not run here. Entries naming another bus fail, as on AWS.
 */
export async function startEventBridge(options: {
  readonly host: string;
  readonly buses: readonly string[];
  readonly record: (event: PutEvent) => void;
}): Promise<EventBridgeEmulator> {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      reply(res, 500, { __type: 'InternalException', message: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: { readonly buses: readonly string[]; readonly record: (event: PutEvent) => void },
): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const body = await readBody(req);
  if (target !== 'AWSEvents.PutEvents') {
    return reply(res, 400, {
      __type: 'UnknownOperationException',
      message: `${target || 'This operation'} is not emulated locally; only PutEvents is.`,
    });
  }
  let request: { Entries?: unknown };
  try {
    request = JSON.parse(body.toString('utf8')) as { Entries?: unknown };
  } catch {
    return reply(res, 400, { __type: 'SerializationException', message: 'The body is not JSON.' });
  }
  const entries = Array.isArray(request.Entries) ? (request.Entries as Record<string, unknown>[]) : [];
  if (entries.length === 0 || entries.length > MAX_ENTRIES) {
    return reply(res, 400, {
      __type: 'ValidationException',
      message: `Entries must hold 1 to ${MAX_ENTRIES} events.`,
    });
  }
  let failed = 0;
  const results = entries.map((entry) => {
    const bus = busName(String(entry.EventBusName ?? 'default'));
    if (!options.buses.includes(bus)) {
      failed += 1;
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` };
    }
    let detail: unknown = entry.Detail;
    try {
      detail = JSON.parse(String(entry.Detail ?? '{}'));
    } catch {
      failed += 1;
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not a JSON object.' };
    }
    options.record({ bus, source: String(entry.Source), detailType: String(entry.DetailType), detail });
    return { EventId: randomUUID() };
  });
  reply(res, 200, { FailedEntryCount: failed, Entries: results });
}

/** Entries may name a bus by name or ARN. */
function busName(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? (nameOrArn.split(':event-bus/')[1] ?? nameOrArn) : nameOrArn;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
