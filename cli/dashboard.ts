/**
 * `npm run dashboard -- --url <API base URL> [--interval 1] [--once]`: a live terminal view of a
 * sqs-jobs API (GET /status), on AWS or `npm start`. The only place that reads the environment
 * (SQS_JOBS_API_URL, SQS_JOBS_API_KEY).
 */
import { readConfig } from './dashboard/config.ts';
import { runDashboard } from './dashboard/run.ts';

const config = readConfig(process.argv, process.env);
process.exit(await runDashboard(config));
