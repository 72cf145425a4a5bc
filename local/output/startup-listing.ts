import path from 'node:path';
import type { LocalRuntime } from '../runtime-types.ts';
import { exampleSubmission, type JobTypeExample } from './job-types.ts';

const LABEL = 11;

export interface ListingOptions {
  readonly projectRoot: string;
  readonly quiet: boolean;
  readonly command: string;
  /** The app's job types, as its API describes them (see job-types.ts). */
  readonly jobTypes?: readonly JobTypeExample[];
}

/** What is running and how to reach it, printed once at startup. */
export function startupListing(runtime: LocalRuntime, options: ListingOptions): string[] {
  const lines: string[] = [];
  const row = (label: string, text: string): void => {
    lines.push(`${label.padEnd(LABEL)}${text}`);
  };
  const more = (text: string) => row('', text);
  const relative = (dir: string) => {
    const rel = path.relative(options.projectRoot, dir);
    return rel.startsWith('..') ? dir : rel || '.';
  };
  const { endpoints, resources } = runtime;
  const aws = (endpoint: string) => `aws --endpoint-url ${endpoint} --region ${runtime.region}`;

  lines.push(
    `sqs-jobs local runtime · stack ${runtime.stackName} · ${runtime.region} · ready in ${seconds(runtime.timings.total)}`,
  );
  const assemblyHow = {
    given: 'given with --cdk-out',
    reused: `reused: newer than ${runtime.assembly.newerThan ?? 'its sources'}`,
    synthesized: `synthesized in ${seconds(runtime.assembly.synthMs)}`,
  }[runtime.assembly.how];
  more(`template   ${relative(runtime.assembly.dir)} (${assemblyHow})`);
  more(`state      ${relative(runtime.stateDir)} (kept across restarts; delete it to start fresh)`);
  lines.push('');

  if (runtime.apiUrl) {
    row('API', `${runtime.apiUrl}   (stage "${runtime.apiStage}" served at the root)`);
    more(runtime.routes.join(' · '));
    const types = options.jobTypes ?? [];
    if (types.length > 0) row('Job types', types.map((type) => type.type).join(' · '));
    const body = exampleSubmission(types);
    // Single quotes around the body: the shell passes it as it is (a made-up payload holds none).
    if (body && !body.includes("'"))
      more(`curl -X POST ${runtime.apiUrl}/jobs -H 'content-type: application/json' -d '${body}'`);
  }
  // Users copy these lines as they are: real names only, and commands that work with any AWS CLI
  // (the SQS port also speaks the query protocol of older CLIs, e.g. Debian 12's 2.9.19).
  const table = resources.tables[0];
  row(
    'DynamoDB',
    `${endpoints.dynamodb}${table ? `   ${aws(endpoints.dynamodb)} dynamodb scan --table-name ${table.name}` : ''}`,
  );
  row('SQS', `${endpoints.sqs}   ${aws(endpoints.sqs)} sqs list-queues`);
  const bucket = resources.buckets[0];
  row('S3', `${endpoints.s3}   ${aws(endpoints.s3)} s3 ls${bucket ? ` s3://${bucket.name}` : ''}`);
  more('(the emulators take any credentials, e.g. AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test)');
  lines.push('');

  const section = (label: string, items: readonly string[]): void => {
    for (const [i, item] of items.entries()) row(i === 0 ? label : '', item);
  };
  const roleOf = (logicalId: string | undefined) =>
    resources.queues.find((queue) => queue.logicalId === logicalId)?.role ?? logicalId;

  section(
    'Tables',
    resources.tables.map((t) => `${t.name}  ${t.provisioned}`),
  );
  section(
    'Queues',
    resources.queues.map((q) => {
      const redrive = q.deadLetterQueue
        ? ` · to ${roleOf(q.deadLetterQueue)} after ${q.maxReceiveCount} receives`
        : '';
      return `${q.name}  ${q.role} · visibility ${q.visibilityTimeoutSeconds} s${redrive} · ${q.provisioned}`;
    }),
  );
  section(
    'Buckets',
    resources.buckets.map((b) => `${b.name}  ${b.provisioned}`),
  );
  const width = Math.max(0, ...runtime.functions.map((fn) => fn.shortName.length));
  section(
    'Functions',
    runtime.functions.map(
      (fn) =>
        `${fn.shortName.padEnd(width)}  timeout ${fn.timeoutSeconds} s · ${fn.memoryMb} MB · up to ${fn.concurrency} instances`,
    ),
  );
  section(
    'Triggers',
    runtime.eventSources.map((source) => {
      const concurrency = source.maxConcurrency ?? `${source.pollers} (default)`;
      const detail = source.enabled
        ? `batch ${source.batchSize} · window ${source.batchingWindowSeconds} s · concurrency ${concurrency}${source.reportBatchItemFailures ? ' · partial batch responses' : ''}`
        : 'disabled';
      return `${source.functionShortName} ← ${roleOf(source.queueLogicalId)}  ${detail}`;
    }),
  );
  section(
    'Schedules',
    runtime.schedules.map((rule) => {
      const next = runtime.nextScheduleFire(rule.logicalId);
      const when =
        next === undefined ? 'not running' : `next ${new Date(next).toISOString().slice(11, 19)} UTC`;
      return `${rule.targets.join(', ')} ← ${rule.expression}  ${when}`;
    }),
  );
  section('Not local', [
    ...runtime.notEmulated.map(
      (item) => `${item.logicalId} (${item.type})${item.reason ? `: ${item.reason}` : ''}`,
    ),
    ...resources.tables
      .filter((t) => t.notEmulated.length > 0)
      .map((t) => `${t.name}: ${t.notEmulated.join(', ')}`),
  ]);
  row('Auth', authLine(runtime, relative, options.command));
  row(
    'Logs',
    options.quiet
      ? `function output in ${relative(path.join(runtime.stateDir, 'logs'))}/<function>.log`
      : 'function output below, each line prefixed [function#instance]',
  );
  if (runtime.accessLogFile)
    more(`API access log (the stage's format) in ${relative(runtime.accessLogFile)}`);
  lines.push('');
  // Tests and scripts read this line; keep its shape.
  if (runtime.apiUrl) lines.push(`SQS_JOBS_API_URL=${runtime.apiUrl}`);
  // Printed so a user can copy it; it is also in <stateDir>/api-key for scripts.
  if (runtime.apiKey) lines.push(`SQS_JOBS_API_KEY=${runtime.apiKey}`);
  lines.push(`SQS_JOBS_SQS_ENDPOINT=${runtime.endpoints.sqs}`);
  const deadLetterQueue = resources.queues.find((q) => q.role === 'dlq');
  if (deadLetterQueue) lines.push(`SQS_JOBS_DEAD_LETTER_QUEUE_URL=${deadLetterQueue.url}`);
  return lines;
}

/** How callers get in: the key to send, the identities to sign as, or what the stack asks and --auth would check. */
function authLine(runtime: LocalRuntime, relative: (file: string) => string, command: string): string {
  if (runtime.apiKey)
    return `API key: send x-api-key (the key below, also in ${relative(path.join(runtime.stateDir, 'api-key'))})`;
  if (runtime.identities) {
    const { file, names } = runtime.identities;
    return names.length === 0
      ? 'IAM: signatures checked, but no policy of the stack may invoke the API, so every route answers 403'
      : `IAM: sign with SigV4 as ${names.join(' or ')}: AWS_SHARED_CREDENTIALS_FILE=${relative(file)} AWS_PROFILE=${names[0]}`;
  }
  if (runtime.templateRequiresSignatures)
    return `IAM signatures required by the stack, not checked locally (${command} --auth checks them)`;
  if (runtime.templateRequiresApiKeys)
    return `API keys required by the stack, not checked locally (${command} --auth checks them)`;
  return 'off for this stage (synthesized with -c auth=none)';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
