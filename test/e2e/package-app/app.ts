// The app's own CDK app: one stack holding SqsJobs with the app's jobs module.
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { SqsJobs } from 'sqs-jobs/cdk';

const app = new App();
const stack = new Stack(app, 'GreeterApp');
const jobs = new SqsJobs(stack, 'Jobs', {
  jobs: new URL('./jobs.ts', import.meta.url),
  settings: { worker: { maxConcurrency: 2 } },
});
new CfnOutput(stack, 'ApiUrl', { value: jobs.api.api.url });
app.synth();
