import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { SqsJobs, type SqsJobsProps } from '../src/cdk/index.ts';

/**
 * This repository's stack: one SqsJobs for the seed job types, and the outputs the README, the
 * LocalStack script and the e2e suite read (ApiUrl, RestApiId, StageName, ApiKeyId, …).
 */
export class SqsJobsStack extends Stack {
  public readonly sqsJobs: SqsJobs;

  constructor(scope: Construct, id: string, props: StackProps & SqsJobsProps) {
    super(scope, id, props);
    const sqsJobs = new SqsJobs(this, 'App', props);
    this.sqsJobs = sqsJobs;
    const { api, files, bus, monitoring, queue, settings } = sqsJobs;
    new CfnOutput(this, 'ApiUrl', { value: api.api.url, description: 'Base URL of the sqs-jobs API' });
    new CfnOutput(this, 'RestApiId', { value: api.api.restApiId });
    new CfnOutput(this, 'StageName', { value: settings.stage });
    if (api.apiKey) {
      new CfnOutput(this, 'ApiKeyId', {
        value: api.apiKey.keyId,
        description:
          'The API key to send as x-api-key: aws apigateway get-api-key --include-value --api-key <id> --query value --output text',
      });
    }
    if (api.readPolicy && api.adminPolicy) {
      new CfnOutput(this, 'ApiReadPolicyArn', {
        value: api.readPolicy.managedPolicyArn,
        description: 'Attach to roles that may read jobs, status, stats and metrics (GET routes, SigV4)',
      });
      new CfnOutput(this, 'ApiAdminPolicyArn', {
        value: api.adminPolicy.managedPolicyArn,
        description: 'Attach to roles that may call every route: submit, cancel, retry, redrive (SigV4)',
      });
    }
    new CfnOutput(this, 'FilesBucketName', { value: files.bucket.bucketName });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'DashboardName', { value: monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: queue.deadLetterQueue.queueUrl });
  }
}
