import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import type { RequestCounts } from '../src/adapters/aws/request-counter.ts';

/** Emulators accept any key; fixed ones keep the SDK from searching profiles or instance metadata. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;

export interface Endpoints {
  readonly dynamodb: string;
  readonly sqs: string;
  readonly s3: string;
  /** The runtime's own PutEvents endpoint, when the stack has an event bus. */
  readonly eventbridge?: string;
}

export interface RuntimeClients {
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly s3: S3Client;
  /** Requests made through these clients, keyed "SQS.ReceiveMessage" like the functions' own counts. */
  requestCounts(): RequestCounts;
  destroy(): void;
}

/**
 * The runtime's own SDK clients (provisioning, event-source polling, the status line). Not the
 * project's createAwsClients: that one has no credentials option, and the default chain would probe
 * instance metadata on a machine without AWS credentials.
 */
export function createRuntimeClients(region: string, endpoints: Endpoints, counted = true): RuntimeClients {
  const counts = new Map<string, number>();
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const base = {
    region,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  };
  const dynamodb = new DynamoDBClient({ ...base, endpoint: endpoints.dynamodb });
  const sqs = new SQSClient({ ...base, endpoint: endpoints.sqs });
  const s3 = new S3Client({ ...base, endpoint: endpoints.s3, forcePathStyle: true });
  if (counted) {
    dynamodb.middlewareStack.add(counting('DynamoDB', counts), { step: 'initialize', name: 'countRequests' });
    sqs.middlewareStack.add(counting('SQS', counts), { step: 'initialize', name: 'countRequests' });
    s3.middlewareStack.add(counting('S3', counts), { step: 'initialize', name: 'countRequests' });
  }
  return {
    dynamodb,
    sqs,
    s3,
    requestCounts: () => Object.fromEntries(counts),
    destroy() {
      dynamodb.destroy();
      sqs.destroy();
      s3.destroy();
      agent.destroy();
    },
  };
}

function counting<I extends object, O extends MetadataBearer>(
  service: string,
  counts: Map<string, number>,
): InitializeMiddleware<I, O> {
  return (next, context) => (args) => {
    const key = `${service}.${String(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return next(args);
  };
}
