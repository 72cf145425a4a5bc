import { describe, expect, it } from 'vitest';
import { signingService } from '../../../local/emulators/sqs-query/front.ts';
import { parseQueryRequest } from '../../../local/emulators/sqs-query/query-request.ts';
import { queryErrorResponse, queryResponse } from '../../../local/emulators/sqs-query/query-response.ts';

const QUEUE = 'http://127.0.0.1:4566/000000000000/jobs';
const form = (fields: Record<string, string>) => new URLSearchParams({ Version: '2012-11-05', ...fields });

describe('parseQueryRequest: the query protocol’s flattened parameters as JSON-protocol input', () => {
  it('ReceiveMessage: flattened lists of attribute names, integers as numbers', () => {
    const request = parseQueryRequest(
      form({
        Action: 'ReceiveMessage',
        QueueUrl: QUEUE,
        'AttributeName.1': 'All',
        'MessageAttributeName.1': 'trace',
        'MessageAttributeName.2': 'tenant',
        MaxNumberOfMessages: '10',
        WaitTimeSeconds: '0',
      }),
    );
    expect(request).toEqual({
      action: 'ReceiveMessage',
      input: {
        QueueUrl: QUEUE,
        AttributeNames: ['All'],
        MessageAttributeNames: ['trace', 'tenant'],
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      },
    });
  });

  it('SendMessage: message attributes, string and binary, in index order (10 after 2)', () => {
    const params = form({ Action: 'SendMessage', QueueUrl: QUEUE, MessageBody: 'a\r\nb', DelaySeconds: '5' });
    for (let i = 1; i <= 10; i++) {
      params.append(`MessageAttribute.${i}.Name`, `k${i}`);
      params.append(`MessageAttribute.${i}.Value.DataType`, i === 10 ? 'Binary' : 'String');
      params.append(`MessageAttribute.${i}.Value.${i === 10 ? 'BinaryValue' : 'StringValue'}`, `v${i}`);
    }
    const { input } = parseQueryRequest(params);
    expect(input.MessageBody).toBe('a\r\nb');
    expect(input.DelaySeconds).toBe(5);
    const attributes = input.MessageAttributes as Record<string, unknown>;
    expect(Object.keys(attributes)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'k10']);
    expect(attributes.k2).toEqual({ DataType: 'String', StringValue: 'v2' });
    expect(attributes.k10).toEqual({ DataType: 'Binary', BinaryValue: 'v10' });
  });

  it('SendMessageBatch: entries with their own attributes and delays', () => {
    const { input } = parseQueryRequest(
      form({
        Action: 'SendMessageBatch',
        QueueUrl: QUEUE,
        'SendMessageBatchRequestEntry.1.Id': 'a',
        'SendMessageBatchRequestEntry.1.MessageBody': 'one',
        'SendMessageBatchRequestEntry.1.DelaySeconds': '3',
        'SendMessageBatchRequestEntry.2.Id': 'b',
        'SendMessageBatchRequestEntry.2.MessageBody': 'two',
        'SendMessageBatchRequestEntry.2.MessageAttribute.1.Name': 'k',
        'SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.DataType': 'Number',
        'SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue': '7',
      }),
    );
    expect(input).toEqual({
      QueueUrl: QUEUE,
      Entries: [
        { Id: 'a', MessageBody: 'one', DelaySeconds: 3 },
        { Id: 'b', MessageBody: 'two', MessageAttributes: { k: { DataType: 'Number', StringValue: '7' } } },
      ],
    });
  });

  it('queue attributes and tags as maps; CreateQueue names its tags "tags"', () => {
    const { input: set } = parseQueryRequest(
      form({
        Action: 'SetQueueAttributes',
        QueueUrl: QUEUE,
        'Attribute.1.Name': 'VisibilityTimeout',
        'Attribute.1.Value': '60',
        'Attribute.2.Name': 'RedrivePolicy',
        'Attribute.2.Value': '{"maxReceiveCount":"3"}',
      }),
    );
    expect(set.Attributes).toEqual({ VisibilityTimeout: '60', RedrivePolicy: '{"maxReceiveCount":"3"}' });
    const tag = { 'Tag.1.Key': 'team', 'Tag.1.Value': 'jobs' };
    expect(parseQueryRequest(form({ Action: 'TagQueue', QueueUrl: QUEUE, ...tag })).input.Tags).toEqual({
      team: 'jobs',
    });
    expect(parseQueryRequest(form({ Action: 'CreateQueue', QueueName: 'q', ...tag })).input).toEqual({
      QueueName: 'q',
      tags: { team: 'jobs' },
    });
  });

  it('drops the signature parameters; takes QueueUrl from the path when an SDK sends to the queue URL', () => {
    const request = parseQueryRequest(
      new URLSearchParams({
        Action: 'GetQueueAttributes',
        Version: '2012-11-05',
        AWSAccessKeyId: 'test',
        Signature: 'x',
        SignatureMethod: 'HmacSHA256',
        SignatureVersion: '2',
        Timestamp: '2024-01-01T00:00:00Z',
        'X-Amz-Date': '20240101T000000Z',
      }),
      { path: '/000000000000/jobs', origin: 'http://127.0.0.1:4566' },
    );
    expect(request).toEqual({ action: 'GetQueueAttributes', input: { QueueUrl: QUEUE } });
  });
});

describe('queryResponse: JSON answers as SQS’s XML', () => {
  it('ListQueues: one <QueueUrl> per queue, then the request id', () => {
    expect(queryResponse('ListQueues', { QueueUrls: [QUEUE, `${QUEUE}-dlq`] }, 'req-1')).toBe(
      '<?xml version="1.0"?><ListQueuesResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">' +
        `<ListQueuesResult><QueueUrl>${QUEUE}</QueueUrl><QueueUrl>${QUEUE}-dlq</QueueUrl></ListQueuesResult>` +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListQueuesResponse>',
    );
  });

  it('ReceiveMessage: attributes and message attributes as flattened maps, bodies escaped', () => {
    const xml = queryResponse(
      'ReceiveMessage',
      {
        Messages: [
          {
            MessageId: 'm1',
            Body: '<a & "b">\r\n',
            Attributes: { ApproximateReceiveCount: '2' },
            MessageAttributes: { trace: { StringValue: 't', DataType: 'String' } },
          },
        ],
      },
      'r',
    );
    expect(xml).toContain(
      '<ReceiveMessageResult><Message><MessageId>m1</MessageId>' +
        '<Body>&#60;a &#38; &#34;b&#34;&#62;&#13;\n</Body>' +
        '<Attribute><Name>ApproximateReceiveCount</Name><Value>2</Value></Attribute>' +
        '<MessageAttribute><Name>trace</Name><Value><StringValue>t</StringValue><DataType>String</DataType></Value></MessageAttribute>' +
        '</Message></ReceiveMessageResult>',
    );
  });

  it('an empty receive still has its result element (botocore requires it); a delete has none', () => {
    expect(queryResponse('ReceiveMessage', {}, 'r')).toContain(
      '<ReceiveMessageResult></ReceiveMessageResult>',
    );
    expect(queryResponse('DeleteMessage', {}, 'r')).toBe(
      '<?xml version="1.0"?><DeleteMessageResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/">' +
        '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteMessageResponse>',
    );
  });

  it('SendMessageBatch: <SendMessageBatchResultEntry> and <BatchResultErrorEntry> items', () => {
    const xml = queryResponse(
      'SendMessageBatch',
      {
        Successful: [{ Id: 'a', MessageId: 'm1' }],
        Failed: [{ Id: 'b', SenderFault: true, Code: 'InvalidParameterValue', Message: 'too big' }],
      },
      'r',
    );
    expect(xml).toContain(
      '<SendMessageBatchResult><SendMessageBatchResultEntry><Id>a</Id><MessageId>m1</MessageId></SendMessageBatchResultEntry>' +
        '<BatchResultErrorEntry><Id>b</Id><SenderFault>true</SenderFault><Code>InvalidParameterValue</Code><Message>too big</Message></BatchResultErrorEntry>' +
        '</SendMessageBatchResult>',
    );
  });

  it('ListQueueTags and ListDeadLetterSourceQueues', () => {
    expect(queryResponse('ListQueueTags', { Tags: { team: 'jobs' } }, 'r')).toContain(
      '<ListQueueTagsResult><Tag><Key>team</Key><Value>jobs</Value></Tag></ListQueueTagsResult>',
    );
    expect(queryResponse('ListDeadLetterSourceQueues', { queueUrls: [QUEUE] }, 'r')).toContain(
      `<ListDeadLetterSourceQueuesResult><QueueUrl>${QUEUE}</QueueUrl></ListDeadLetterSourceQueuesResult>`,
    );
  });
});

describe('queryErrorResponse', () => {
  it('takes the legacy code and fault from x-amzn-query-error', () => {
    const answer = queryErrorResponse(
      {
        status: 400,
        type: 'com.amazonaws.sqs#QueueDoesNotExist',
        message: 'The specified queue does not exist.',
        queryError: 'AWS.SimpleQueueService.NonExistentQueue;Sender',
      },
      'r',
    );
    expect(answer).toEqual({
      status: 400,
      body:
        '<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type>' +
        '<Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist.</Message><Detail/></Error>' +
        '<RequestId>r</RequestId></ErrorResponse>',
    });
  });

  it('otherwise the __type after its namespace; a 5xx is the receiver’s fault', () => {
    const unknown = queryErrorResponse(
      { status: 400, type: 'com.amazonaws.sqs#InvalidAction', message: 'Unknown action: AddPermission' },
      'r',
    ).body;
    expect(unknown).toContain(
      '<Type>Sender</Type><Code>InvalidAction</Code><Message>Unknown action: AddPermission</Message>',
    );
    expect(queryErrorResponse({ status: 500 }, 'r').body).toContain(
      '<Type>Receiver</Type><Code>InternalFailure</Code>',
    );
  });
});

describe('signingService', () => {
  it('reads the service from a version 4 signature, in the header or a presigned query', () => {
    const header =
      'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=abc';
    expect(signingService(header, null)).toBe('sqs');
    expect(signingService(undefined, 'test/20240101/us-east-1/s3/aws4_request')).toBe('s3');
    expect(signingService(undefined, null)).toBeUndefined();
  });
});
