/**
 * `npm start [-- --port 0 --context workerBatchSize=5 --quiet]`: the synthesized stack on local
 * emulators until Ctrl-C. The only place that reads the environment (PORT, SQS_JOBS_*_PORT,
 * SQS_JOBS_API_KEY). `sqs-jobs dev` runs the same launch for the CDK app around the current folder.
 */
import { Command } from 'commander';
import { seedSampleFiles } from '../jobs/seed.ts';
import { addRuntimeOptions, launch, type RuntimeFlags } from './launch.ts';

const program = addRuntimeOptions(
  new Command()
    .name('npm start --')
    .description(
      'Runs the synthesized sqs-jobs stack locally: DynamoDB, SQS, S3, the functions, the API, the schedules.',
    ),
).parse();

await launch(
  {
    projectRoot: process.cwd(),
    flags: program.opts<RuntimeFlags>(),
    apiKey: process.env.SQS_JOBS_API_KEY || undefined,
    seedFiles: seedSampleFiles,
    command: 'npm start --',
  },
  process.env,
);
