import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-process.ts';

export interface EmulatorOptions {
  readonly stateDir: string;
  /** 0 picks a free port. */
  readonly dynamodbPort: number;
  readonly sqsPort: number;
  readonly host: string;
  readonly onUnexpectedExit: (name: string, code: number | null) => void;
}

export interface EmulatorEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
  readonly s3: string;
}

export interface Emulators {
  /** See EmulatorProcess.endLongPolls: undefined when the SQS emulator cannot. */
  readonly endLongPolls?: () => Promise<void>;
  /** What users are given: SQS in both its JSON and its query protocol, S3. */
  readonly endpoints: EmulatorEndpoints;
  /**
   * fauxqs itself, JSON protocol only, one hop shorter: for the runtime's pollers and the functions,
   * which send most of the requests.
   */
  readonly direct: EmulatorEndpoints;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * dynalite (DynamoDB) and fauxqs (SQS + S3), each in its own process, state under stateDir. fauxqs
 * sits behind a front on the SQS port that also speaks SQS's query protocol (sqs-query/front.ts).
 */
export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const dirs = {
    dynamodb: path.join(options.stateDir, 'dynamodb'),
    sqs: path.join(options.stateDir, 'sqs'),
    s3: path.join(options.stateDir, 's3'),
  };
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true })));
  const started = await Promise.allSettled([
    startEmulatorProcess(
      'dynalite (DynamoDB)',
      path.join(here, 'dynalite-child.cjs'),
      { port: options.dynamodbPort, host: options.host, path: dirs.dynamodb },
      options.onUnexpectedExit,
    ),
    startEmulatorProcess(
      'fauxqs (SQS, S3)',
      path.join(here, 'fauxqs-child.mjs'),
      { port: options.sqsPort, host: options.host, dataDir: dirs.sqs, s3StorageDir: dirs.s3 },
      options.onUnexpectedExit,
    ),
  ]);
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(running.map((emulator) => emulator.stop()));
    throw failure.reason;
  }
  const [dynamo, fauxqs] = running as [EmulatorProcess, EmulatorProcess];
  const url = (port: number) => `http://${options.host}:${port}`;
  // fauxqs listens on every interface, so its loopback address always reaches it.
  const direct = `http://127.0.0.1:${fauxqs.directPort ?? fauxqs.port}`;
  return {
    endpoints: { dynamodb: url(dynamo.port), sqs: url(fauxqs.port), s3: url(fauxqs.port) },
    ...(fauxqs.endLongPolls ? { endLongPolls: fauxqs.endLongPolls } : {}),
    direct: { dynamodb: url(dynamo.port), sqs: direct, s3: direct },
    stop: async () => {
      await Promise.all(running.map((emulator) => emulator.stop()));
    },
  };
}
