/**
 * npm run bench [-- [scenario…] [--jobs 5000] [--concurrency 32] …]   (sqs-jobs bench from an app)
 *
 * The benchmark suite: every scenario in order (or the named ones, with those they read results
 * from), each on its own embedded runtime. Prints a report per scenario on stdout, progress on
 * stderr, and writes bench/results/<scenario>.json and bench/results/summary.json.
 */
import path from 'node:path';
import { Command } from 'commander';
import { LOCAL_CREDENTIALS } from '../local/aws-clients.ts';
import { loadRegistry } from './scenarios/index.ts';
import {
  benchOptions,
  DEFAULTS,
  optionProblems,
  type ParsedOptions,
  payloadOption,
  positiveNumber,
  wholeNumber,
} from './suite/cli-options.ts';
import { runSuite } from './suite/run-suite.ts';
import { selectScenarios, UnknownScenarioError } from './suite/select.ts';
import { formatTable } from './suite/table.ts';

const registry = await loadRegistry();
const names = registry.scenarios.map((scenario) => scenario.name);

const program = new Command('bench')
  .description('The sqs-jobs benchmark suite, run on the embedded runtime')
  .argument('[scenarios...]', `scenarios to run (default: all, in this order): ${names.join(', ')}`)
  .option('--list', 'list the scenarios and exit')
  .option('--jobs <n>', 'jobs per measured run (throughput, floor, cost)', wholeNumber(1), DEFAULTS.jobs)
  .option(
    '--concurrency <n>',
    'HTTP requests (or producer calls) in flight',
    wholeNumber(1),
    DEFAULTS.concurrency,
  )
  .option('--warmup <n>', 'jobs run first and not measured', wholeNumber(0), DEFAULTS.warmup)
  .option('--type <type>', "the job type pushed (your app's, under sqs-jobs bench)", DEFAULTS.type)
  .option('--payload <json>', 'the payload of every job, a JSON object (default: none)', payloadOption)
  .option(
    '--latency-seconds <n>',
    'how long the latency scenario sends',
    wholeNumber(1),
    DEFAULTS.latencySeconds,
  )
  .option('--rate <n>', "the latency scenario's jobs/s", positiveNumber, DEFAULTS.rate)
  .option(
    '--batch <n>',
    `jobs per POST /jobs/batch request in throughput's batch mode, 1–500 (default ${DEFAULTS.batch})`,
    wholeNumber(1),
  )
  .option(
    '--fan-in <n>',
    "throughput's batch mode submits fan-ins: batches of n parents (1–499) and one child that dependsOn them all; prints the DynamoDB writes per parent completion",
    wholeNumber(1),
  )
  .option(
    '--cpu-prof <dir>',
    'function instances, emulators and floor processes write V8 CPU profiles (.cpuprofile) under <dir>',
  )
  .showHelpAfterError('(npm run bench -- --help lists the options)')
  .parse();

const parsed = program.opts<ParsedOptions>();
if (parsed.list) {
  const rows = registry.scenarios.map((scenario) => ({
    scenario: scenario.name,
    summary: scenario.summary,
    ...(scenario.after ? { reads: scenario.after.join(', ') } : { reads: '' }),
  }));
  for (const line of [...formatTable(rows, ''), ...registry.notes]) console.log(line);
  process.exit(0);
}
const problems = optionProblems(parsed);
if (problems.length > 0) program.error(problems.join('\n'));

let selected: ReturnType<typeof selectScenarios>;
try {
  selected = selectScenarios(registry.scenarios, program.args);
} catch (error) {
  if (error instanceof UnknownScenarioError) program.error(error.message);
  throw error;
}

// The entry point sets the environment its children read, once, before any runtime starts.
if (parsed.cpuProf !== undefined) process.env.SQS_JOBS_CPU_PROF = path.resolve(parsed.cpuProf);
// The producer's clients (the project's createAwsClients) take credentials from the environment;
// the emulators take any, and without one the SDK would go looking for instance metadata.
process.env.AWS_ACCESS_KEY_ID ??= LOCAL_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY ??= LOCAL_CREDENTIALS.secretAccessKey;

const projectRoot = process.cwd();
const options = benchOptions(
  parsed.cpuProf === undefined ? parsed : { ...parsed, cpuProf: path.resolve(parsed.cpuProf) },
  projectRoot,
);
for (const note of registry.notes) console.error(note);
const resultsDir = path.join(projectRoot, 'bench', 'results');
const failed = await runSuite(selected, options, {
  print: (line) => console.log(line),
  progress: process.stderr,
  resultsDir,
});
console.log(
  `Results: ${path.relative(process.cwd(), resultsDir) || resultsDir}/<scenario>.json, summary.json`,
);
if (failed.length > 0) {
  console.error(`Failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
