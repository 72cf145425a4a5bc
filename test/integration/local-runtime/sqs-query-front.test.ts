import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  ListDeadLetterSourceQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QueryFront, startQueryFront } from '../../../local/emulators/sqs-query/front.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
/** What a query-protocol client signs with; fauxqs reads the region from it. */
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0';

let fauxqs: FauxqsServer;
let front: QueryFront;
let endpoint: string;
let sqs: SQSClient;
let queueUrl: string;
let deadLetterUrl: string;

beforeAll(async () => {
  fauxqs = await startFauxqs({ port: 0, logger: false });
  front = await startQueryFront({ host: '127.0.0.1', port: 0, upstreamPort: fauxqs.port });
  endpoint = `http://127.0.0.1:${front.port}`;
  sqs = new SQSClient({ endpoint, region: 'us-east-1', credentials });
  deadLetterUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'front-dlq' }))).QueueUrl as string;
  queueUrl = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'front-jobs',
        Attributes: {
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:front-dlq',
            maxReceiveCount: 3,
          }),
        },
      }),
    )
  ).QueueUrl as string;
});

afterAll(async () => {
  sqs.destroy();
  await front.close();
  await fauxqs.stop();
});

/** A query-protocol request as botocore sends it: a signed form POST to the endpoint. */
async function query(fields: Record<string, string>): Promise<{ status: number; body: string }> {
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: AUTHORIZATION,
    },
    body: new URLSearchParams({ Version: '2012-11-05', ...fields }),
  });
  expect(response.headers.get('content-type')).toBe('text/xml');
  return { status: response.status, body: await response.text() };
}

describe('the SQS endpoint in front of fauxqs', () => {
  it('answers ListQueues and GetQueueUrl in the query protocol, as XML', async () => {
    const listed = await query({ Action: 'ListQueues', QueueNamePrefix: 'front-' });
    expect(listed.status).toBe(200);
    expect(listed.body).toContain(`<QueueUrl>${deadLetterUrl}</QueueUrl>`);
    expect(listed.body).toContain(`<QueueUrl>${queueUrl}</QueueUrl>`);
    expect(listed.body).toMatch(/<ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata>/);
    const found = await query({ Action: 'GetQueueUrl', QueueName: 'front-jobs' });
    expect(found.body).toContain(`<GetQueueUrlResult><QueueUrl>${queueUrl}</QueueUrl></GetQueueUrlResult>`);
  });

  it('a message sent with attributes in the query protocol comes back with them, to either protocol', async () => {
    const sent = await query({
      Action: 'SendMessage',
      QueueUrl: queueUrl,
      MessageBody: 'hello <query>',
      'MessageAttribute.1.Name': 'tenant',
      'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'acme',
    });
    expect(sent.status).toBe(200);
    const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(sent.body)?.[1];
    expect(messageId).toBeDefined();

    const received = await query({
      Action: 'ReceiveMessage',
      QueueUrl: queueUrl,
      'AttributeName.1': 'All',
      'MessageAttributeName.1': 'All',
      VisibilityTimeout: '1',
    });
    expect(received.body).toContain(`<MessageId>${messageId}</MessageId>`);
    expect(received.body).toContain('<Body>hello &#60;query&#62;</Body>');
    expect(received.body).toContain(
      '<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>',
    );
    expect(received.body).toContain(
      '<MessageAttribute><Name>tenant</Name><Value><DataType>String</DataType><StringValue>acme</StringValue></Value></MessageAttribute>',
    );
    const handle = /<ReceiptHandle>([^<]+)<\/ReceiptHandle>/.exec(received.body)?.[1] as string;
    expect((await query({ Action: 'DeleteMessage', QueueUrl: queueUrl, ReceiptHandle: handle })).status).toBe(
      200,
    );
    const again = await query({ Action: 'ReceiveMessage', QueueUrl: queueUrl });
    expect(again.body).toContain('<ReceiveMessageResult></ReceiveMessageResult>');
  });

  it('SendMessageBatch in the query protocol; the JSON protocol (SDK v3) passes through and reads them', async () => {
    const batch = await query({
      Action: 'SendMessageBatch',
      QueueUrl: deadLetterUrl,
      'SendMessageBatchRequestEntry.1.Id': 'a',
      'SendMessageBatchRequestEntry.1.MessageBody': 'one',
      'SendMessageBatchRequestEntry.2.Id': 'b',
      'SendMessageBatchRequestEntry.2.MessageBody': 'two',
    });
    expect(batch.body.match(/<SendMessageBatchResultEntry><Id>[ab]<\/Id>/g)).toHaveLength(2);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: deadLetterUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
    );
    expect(Messages.map((message) => message.Body).sort()).toEqual(['one', 'two']);
    await sqs.send(new SendMessageCommand({ QueueUrl: deadLetterUrl, MessageBody: 'json' }));
    const attributes = await query({
      Action: 'GetQueueAttributes',
      QueueUrl: deadLetterUrl,
      'AttributeName.1': 'ApproximateNumberOfMessages',
      'AttributeName.2': 'ApproximateNumberOfMessagesNotVisible',
    });
    expect(attributes.body).toContain(
      '<Attribute><Name>ApproximateNumberOfMessages</Name><Value>1</Value></Attribute>',
    );
    expect(attributes.body).toContain(
      '<Attribute><Name>ApproximateNumberOfMessagesNotVisible</Name><Value>2</Value></Attribute>',
    );
  });

  it('answers ListDeadLetterSourceQueues, which fauxqs lacks, in both protocols', async () => {
    const xml = await query({ Action: 'ListDeadLetterSourceQueues', QueueUrl: deadLetterUrl });
    expect(xml.body).toContain(
      `<ListDeadLetterSourceQueuesResult><QueueUrl>${queueUrl}</QueueUrl></ListDeadLetterSourceQueuesResult>`,
    );
    const json = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: deadLetterUrl }));
    expect(json.queueUrls).toEqual([queueUrl]);
  });

  it('errors: a missing queue, an action fauxqs lacks, a request naming no action', async () => {
    const missing = await query({ Action: 'GetQueueUrl', QueueName: 'no-such-queue' });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain(
      '<Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist.</Message>',
    );
    const unsupported = await query({ Action: 'AddPermission', QueueUrl: queueUrl, Label: 'x' });
    expect(unsupported.status).toBe(400);
    expect(unsupported.body).toMatch(/<Code>InvalidAction<\/Code><Message>[^<]*AddPermission<\/Message>/);
    const none = await query({ QueueUrl: queueUrl });
    expect(none.body).toContain('<Code>MissingAction</Code>');
  });

  it('a GET with the parameters in the query string, sent to the queue URL (older SDKs)', async () => {
    const path = new URL(queueUrl).pathname;
    const response = await fetch(
      `${endpoint}${path}?Action=GetQueueAttributes&Version=2012-11-05&AttributeName.1=QueueArn`,
    );
    expect(await response.text()).toContain(
      '<Attribute><Name>QueueArn</Name><Value>arn:aws:sqs:us-east-1:000000000000:front-jobs</Value></Attribute>',
    );
  });

  it('passes S3 through untouched, bodies and all', async () => {
    const s3 = new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
    const body = Buffer.alloc(256 * 1024, 7);
    await fauxqs.createBucket('front-files');
    await s3.send(new PutObjectCommand({ Bucket: 'front-files', Key: 'a/b.bin', Body: body }));
    const got = await s3.send(new GetObjectCommand({ Bucket: 'front-files', Key: 'a/b.bin' }));
    expect(
      Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()),
    ).toEqual(body);
    s3.destroy();
  });
});
