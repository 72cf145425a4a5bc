import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobMessage } from '../../core/job.ts';

export async function sendJobMessage(sqs: SQSClient, queueUrl: string, message: JobMessage): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify(message),
      MessageAttributes: { jobType: { DataType: 'String', StringValue: message.type } },
    }),
  );
}
