import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { countRequest, ITEMS_SUFFIX } from './request-counter.ts';

/**
 * SDK clients for every adapter. Endpoints are never configured here: the SDK reads
 * AWS_ENDPOINT_URL_DYNAMODB / _SQS / _S3 (or AWS_ENDPOINT_URL) itself, so the same code runs on
 * AWS, LocalStack and the embedded emulators.
 */
export interface AwsClients {
  readonly dynamo: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  readonly s3: S3Client;
}

export interface AwsClientOptions {
  /** Overrides the SDK's own endpoint resolution; for tests that start emulators in-process. */
  readonly endpoints?: { readonly dynamodb?: string; readonly sqs?: string; readonly s3?: string };
  readonly region?: string;
  /** Wraps each SDK client before use, e.g. Powertools Tracer's captureAWSv3Client. */
  readonly instrument?: <C>(client: C) => C;
}

function counting<I extends object, O extends MetadataBearer>(service: string): InitializeMiddleware<I, O> {
  return (next, context) => (args) => {
    const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
    countRequest(service, operation);
    // Billed per item written: the cost estimate needs the items, not only the requests.
    const { RequestItems } = args.input as { RequestItems?: Record<string, readonly unknown[]> };
    if (operation === 'BatchWriteItem' && RequestItems)
      countRequest(
        service,
        `${operation}${ITEMS_SUFFIX}`,
        Object.values(RequestItems).reduce((sum, items) => sum + items.length, 0),
      );
    return next(args);
  };
}

/**
 * Drops the SDK's logger middleware: nothing here gives the SDK a logger, yet it would copy every
 * request and response through the sensitive-data filter for the no-op one, a few percent of each
 * function's time.
 */
function withoutSdkLogging<C extends { middlewareStack: { remove(name: string): boolean } }>(client: C): C {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

function requestHandler(): NodeHttpHandler {
  // Keep-alive matters: without it every request pays a TCP handshake.
  return new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
  });
}

export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const base = { requestHandler: requestHandler(), ...(options.region ? { region: options.region } : {}) };
  const instrument = options.instrument ?? (<C>(client: C) => client);
  const dynamoClient = instrument(
    withoutSdkLogging(new DynamoDBClient({ ...base, ...endpoint(options.endpoints?.dynamodb) })),
  );
  dynamoClient.middlewareStack.add(counting('DynamoDB'), { step: 'initialize', name: 'countRequests' });
  const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  // Queue URLs are always our own region's, so the resolved endpoint is right; emulators hand out
  // URLs on hosts like sqs.us-east-1.localhost that do not resolve, which must not become the endpoint.
  const sqs = instrument(
    withoutSdkLogging(
      new SQSClient({ ...base, ...endpoint(options.endpoints?.sqs), useQueueUrlAsEndpoint: false }),
    ),
  );
  sqs.middlewareStack.add(counting('SQS'), { step: 'initialize', name: 'countRequests' });
  const s3 = instrument(withoutSdkLogging(new S3Client({ ...base, ...endpoint(options.endpoints?.s3) })));
  s3.middlewareStack.add(counting('S3'), { step: 'initialize', name: 'countRequests' });
  return { dynamo, sqs, s3 };
}

/** Only the worker talks to EventBridge (failure alerts), so it is not among every function's clients. */
export function createEventBridgeClient(
  options: Pick<AwsClientOptions, 'region' | 'instrument'> = {},
): EventBridgeClient {
  const instrument = options.instrument ?? (<C>(client: C) => client);
  const client = instrument(
    withoutSdkLogging(
      new EventBridgeClient({
        requestHandler: requestHandler(),
        ...(options.region ? { region: options.region } : {}),
      }),
    ),
  );
  client.middlewareStack.add(counting('EventBridge'), { step: 'initialize', name: 'countRequests' });
  return client;
}

function endpoint(url: string | undefined): { endpoint?: string } {
  return url ? { endpoint: url } : {};
}
