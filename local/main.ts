/**
 * `npm start [-- --port 0 --context workerBatchSize=5 --quiet]`: the synthesized stack on local
 * emulators until Ctrl-C. The only place that reads the environment (PORT, SQS_JOBS_*_PORT,
 * SQS_JOBS_API_KEY).
 */
import { Command, InvalidArgumentError } from 'commander';
import { LOCAL_CREDENTIALS } from './aws-clients.ts';
import { type ChaosSettings, parseChaos } from './chaos.ts';
import { LocalRuntimeError } from './errors.ts';
import { createTerminal } from './output/terminal.ts';
import { startRuntime } from './runtime.ts';
import { DEFAULT_PORTS, type LocalRuntime } from './runtime-types.ts';
import { seedFilesBucket } from './seed.ts';

interface CliOptions {
  port?: number;
  dynamodbPort?: number;
  sqsPort?: number;
  stateDir: string;
  cdkOut?: string;
  context: Record<string, string>;
  region?: string;
  quiet?: boolean;
  chaos?: ChaosSettings;
  auth?: boolean;
}

const program = new Command()
  .name('npm start --')
  .description(
    'Runs the synthesized sqs-jobs stack locally: DynamoDB, SQS, S3, the functions, the API, the schedules.',
  )
  .option('--port <n>', 'API port (env PORT; 0 = random)', port, envPort('PORT') ?? DEFAULT_PORTS.api)
  .option(
    '--dynamodb-port <n>',
    'DynamoDB port (env SQS_JOBS_DYNAMODB_PORT)',
    port,
    envPort('SQS_JOBS_DYNAMODB_PORT') ?? DEFAULT_PORTS.dynamodb,
  )
  .option(
    '--sqs-port <n>',
    'SQS and S3 port (env SQS_JOBS_SQS_PORT)',
    port,
    envPort('SQS_JOBS_SQS_PORT') ?? DEFAULT_PORTS.sqs,
  )
  .option('--state-dir <dir>', 'where emulator data and logs live', '.local')
  .option('--cdk-out <dir>', 'use this cloud assembly as it is (no synth)')
  .option(
    '--context <key=value>',
    'CDK context for the synth, repeatable (e.g. --context workerBatchSize=5)',
    contextPair,
    {},
  )
  .option(
    '--region <region>',
    "AWS region the stack pretends to be in (default: the template's, else us-east-1)",
  )
  .option('--quiet', 'write function output to <state-dir>/logs/<function>.log instead of the console')
  .option(
    '--auth',
    'check API keys or SigV4 signatures as API Gateway does (key from SQS_JOBS_API_KEY, else <state-dir>/api-key, else a new one; identities to sign as in <state-dir>/credentials)',
  )
  .option(
    '--chaos <faults>',
    'inject faults into SQS-fed functions, probabilities 0–1: crash=0.05,duplicate=0.1,timeout=0.02',
    chaosSpec,
  )
  .parse();

const options = program.opts<CliOptions>();
const terminal = createTerminal();
// The seed uses the project's createAwsClients, which takes credentials from the environment; any
// value will do for the emulators, and without one the SDK would go looking for instance metadata.
process.env.AWS_ACCESS_KEY_ID ??= LOCAL_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY ??= LOCAL_CREDENTIALS.secretAccessKey;

// Installed before anything starts, so no signal ever meets Node's default (exit without cleanup).
let runtime: LocalRuntime | undefined;
let stoppingSince: number | undefined;
/**
 * A signal that repeats the first within this long is a wrapper passing it on (npm forwards
 * the SIGINT or SIGTERM that the terminal, `timeout` or a CI runner already sent to the whole
 * process group), not somebody asking twice.
 */
const RELAYED_WITHIN_MS = 1_000;
const stop = (signal: NodeJS.Signals) => {
  if (stoppingSince !== undefined && Date.now() - stoppingSince < RELAYED_WITHIN_MS) return;
  if (stoppingSince !== undefined || !runtime) {
    // Safe: both emulators write every change through to disk as it happens, and every child
    // process (emulators, function instances) exits when this process's IPC channel closes.
    // Messages of invocations cut short come back after their batch's deadline (see the README).
    terminal.log(`${signal}${stoppingSince !== undefined ? ' again' : ''}: exiting now.`);
    process.exit(130);
  }
  stoppingSince = Date.now();
  terminal.log(
    `${signal}: finishing in-flight requests and invocations, then stopping (${signal} again exits at once)…`,
  );
  runtime.stop().then(
    () => {
      terminal.log('Stopped.');
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

try {
  runtime = await startRuntime({
    port: options.port ?? DEFAULT_PORTS.api,
    dynamodbPort: options.dynamodbPort ?? DEFAULT_PORTS.dynamodb,
    sqsPort: options.sqsPort ?? DEFAULT_PORTS.sqs,
    stateDir: options.stateDir,
    // The stack requires keys on every stage; --auth makes the local gateway check them as API
    // Gateway does (without it, keyed routes are served without a key on this machine).
    context: options.context,
    auth: options.auth === true,
    quiet: options.quiet === true,
    ...(process.env.SQS_JOBS_API_KEY ? { apiKey: process.env.SQS_JOBS_API_KEY } : {}),
    summary: true,
    terminal,
    ...(options.cdkOut ? { cdkOut: options.cdkOut } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.chaos ? { chaos: options.chaos } : {}),
    seed: async (started) => {
      try {
        const written = await seedFilesBucket(started);
        if (written.length > 0) terminal.log(`Seeded the files bucket with ${written.join(', ')}`);
      } catch (error) {
        terminal.log(
          `Could not seed the files bucket: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  });
} catch (error) {
  console.error(error instanceof LocalRuntimeError ? `\n${error.message}` : error);
  process.exit(1);
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError('a port is an integer 0–65535.');
  return n;
}

function envPort(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  try {
    return port(value);
  } catch {
    console.error(`${name}=${value} is not a port (0–65535).`);
    process.exit(1);
  }
}

function chaosSpec(value: string): ChaosSettings {
  try {
    return parseChaos(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function contextPair(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('use key=value, e.g. workerBatchSize=5.');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}
