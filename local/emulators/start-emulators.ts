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

export interface Emulators {
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly s3: string };
  /** See EmulatorProcess.endLongPolls: undefined when the SQS emulator cannot. */
  readonly endLongPolls?: () => Promise<void>;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** dynalite (DynamoDB) and fauxqs (SQS + S3), each in its own process, state under stateDir. */
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
      { port: options.sqsPort, dataDir: dirs.sqs, s3StorageDir: dirs.s3 },
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
  return {
    endpoints: { dynamodb: url(dynamo.port), sqs: url(fauxqs.port), s3: url(fauxqs.port) },
    ...(fauxqs.endLongPolls ? { endLongPolls: fauxqs.endLongPolls } : {}),
    stop: async () => {
      await Promise.all(running.map((emulator) => emulator.stop()));
    },
  };
}
