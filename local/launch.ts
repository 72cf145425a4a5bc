/**
 * What `npm start` and `sqs-jobs dev` share: the runtime's command-line options, read into
 * RuntimeOptions, and running the runtime until Ctrl-C or SIGTERM. One code path, so the two start,
 * print and stop the same way.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { LOCAL_CREDENTIALS } from './aws-clients.ts';
import { type ChaosSettings, parseChaos } from './chaos.ts';
import { LocalRuntimeError } from './errors.ts';
import { createTerminal } from './output/terminal.ts';
import { startRuntime } from './runtime.ts';
import { DEFAULT_PORTS, type LocalRuntime, type RuntimeOptions } from './runtime-types.ts';
import { type FilesSeeder, seedFilesBucket } from './seed.ts';

export type Env = Record<string, string | undefined>;

/** The options as commander parsed them; unset ports fall back to the environment, then the defaults. */
export interface RuntimeFlags {
  readonly port?: number;
  readonly dynamodbPort?: number;
  readonly sqsPort?: number;
  readonly stateDir?: string;
  readonly cdkOut?: string;
  readonly context?: Record<string, string>;
  readonly region?: string;
  readonly quiet?: boolean;
  readonly chaos?: ChaosSettings;
  readonly auth?: boolean;
}

/** A bad value in the environment (PORT=abc): said in one line, before anything starts. */
export class LaunchConfigError extends LocalRuntimeError {}

/**
 * Adds the runtime's options to `command`. `region: false` leaves `--region` to a parent command
 * that already has it (the sqs-jobs CLI's global option, which means the same: the AWS region).
 */
export function addRuntimeOptions(command: Command, { region = true }: { region?: boolean } = {}): Command {
  command
    .option('--port <n>', `API port (env PORT; 0 = random; default ${DEFAULT_PORTS.api})`, port)
    .option(
      '--dynamodb-port <n>',
      `DynamoDB port (env SQS_JOBS_DYNAMODB_PORT; default ${DEFAULT_PORTS.dynamodb})`,
      port,
    )
    .option('--sqs-port <n>', `SQS and S3 port (env SQS_JOBS_SQS_PORT; default ${DEFAULT_PORTS.sqs})`, port)
    .option('--state-dir <dir>', 'where emulator data and logs live (default: .local in the project root)')
    .option('--cdk-out <dir>', 'use this cloud assembly as it is (no synth)')
    .option(
      '--context <key=value>',
      'CDK context for the synth, repeatable (e.g. --context workerBatchSize=5)',
      contextPair,
      {},
    );
  if (region)
    command.option(
      '--region <region>',
      "AWS region the stack pretends to be in (default: the template's, else us-east-1)",
    );
  return command
    .option('--quiet', 'write function output to <state-dir>/logs/<function>.log instead of the console')
    .option(
      '--auth',
      'check API keys or SigV4 signatures as API Gateway does (key from SQS_JOBS_API_KEY, else <state-dir>/api-key, else a new one; identities to sign as in <state-dir>/credentials)',
    )
    .option(
      '--chaos <faults>',
      'inject faults into SQS-fed functions, probabilities 0–1: crash=0.05,duplicate=0.1,timeout=0.02',
      chaosSpec,
    );
}

export interface LaunchOptions {
  /** Where cdk.json is: the CDK app that is synthesized and run. */
  readonly projectRoot: string;
  readonly flags: RuntimeFlags;
  /** The key callers send when --auth checks keys; default: <state-dir>/api-key, else a new one. */
  readonly apiKey?: string | undefined;
  /** Puts sample files in the files bucket once it exists (this repository's job types use them). */
  readonly seedFiles?: FilesSeeder;
  /** How the user started it, for the hints the listing gives ("npm start --", "sqs-jobs dev"). */
  readonly command: string;
}

/**
 * Starts the runtime and keeps it running until a signal. Handlers are installed before anything
 * starts, so no signal ever meets Node's default (exit without cleanup). Ends the process: 0 after a
 * clean stop, 130 on a second signal, 1 if it cannot start.
 */
export async function launch(options: LaunchOptions, env: Env): Promise<void> {
  const terminal = createTerminal();
  // The seed uses the project's createAwsClients, which takes credentials from the environment; any
  // value will do for the emulators, and without one the SDK would go looking for instance metadata.
  env.AWS_ACCESS_KEY_ID ??= LOCAL_CREDENTIALS.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY ??= LOCAL_CREDENTIALS.secretAccessKey;

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

  const { seedFiles } = options;
  try {
    runtime = await startRuntime({
      ...runtimeOptions(options, env),
      summary: true,
      terminal,
      ...(seedFiles ? { seed: (started) => seed(started, seedFiles, terminal.log) } : {}),
    });
  } catch (error) {
    console.error(error instanceof LocalRuntimeError ? `\n${error.message}` : error);
    process.exit(1);
  }
}

/** The flags and the environment as RuntimeOptions; throws LaunchConfigError on a bad port variable. */
export function runtimeOptions(options: LaunchOptions, env: Env): RuntimeOptions {
  const { flags } = options;
  return {
    projectRoot: options.projectRoot,
    port: flags.port ?? envPort(env, 'PORT') ?? DEFAULT_PORTS.api,
    dynamodbPort: flags.dynamodbPort ?? envPort(env, 'SQS_JOBS_DYNAMODB_PORT') ?? DEFAULT_PORTS.dynamodb,
    sqsPort: flags.sqsPort ?? envPort(env, 'SQS_JOBS_SQS_PORT') ?? DEFAULT_PORTS.sqs,
    ...(flags.stateDir ? { stateDir: flags.stateDir } : {}),
    // The stack requires keys on every stage; --auth makes the local gateway check them as API
    // Gateway does (without it, keyed routes are served without a key on this machine).
    context: flags.context ?? {},
    auth: flags.auth === true,
    quiet: flags.quiet === true,
    command: options.command,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    ...(flags.cdkOut ? { cdkOut: flags.cdkOut } : {}),
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.chaos ? { chaos: flags.chaos } : {}),
  };
}

async function seed(runtime: LocalRuntime, seeder: FilesSeeder, log: (line: string) => void): Promise<void> {
  try {
    const written = await seedFilesBucket(runtime, seeder);
    if (written.length > 0) log(`Seeded the files bucket with ${written.join(', ')}`);
  } catch (error) {
    log(`Could not seed the files bucket: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function port(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError('a port is an integer 0–65535.');
  return n;
}

function envPort(env: Env, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  try {
    return port(value);
  } catch {
    throw new LaunchConfigError(`${name}=${value} is not a port (0–65535).`);
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
