import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { SCRATCH_PREFIXES } from '../jobs/scratch.ts';
import { settingsFromContext } from '../src/cdk/index.ts';
import { SqsJobsStack } from './stack.ts';

const app = new App();
const settings = settingsFromContext(app.node);
new SqsJobsStack(app, 'SqsJobs', {
  settings,
  jobs: path.join(path.dirname(fileURLToPath(import.meta.url)), '../jobs/index.ts'),
  scratchPrefixes: SCRATCH_PREFIXES,
  // One stack per stage, so dev and prod can live in the same account and region.
  stackName: `sqs-jobs-${settings.stage}`,
  description: `sqs-jobs (${settings.stage}): background jobs on SQS, DynamoDB and Lambda`,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// `cdk synth -c nag=true` runs the AwsSolutions rules and fails the synth on any unacknowledged finding.
// cdk-nag is a dev dependency, so it is only loaded when asked for.
if (String(app.node.tryGetContext('nag')) === 'true') {
  const { AwsSolutionsChecks } = await import('cdk-nag');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}
app.synth();
