import { App } from 'aws-cdk-lib';
import { settingsFromContext } from './settings.ts';
import { SqsJobsStack } from './stack.ts';

const app = new App();
const settings = settingsFromContext(app.node);
new SqsJobsStack(app, 'SqsJobs', {
  settings,
  description: `sqs-jobs (${settings.stage}): background jobs on SQS, DynamoDB and Lambda`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
