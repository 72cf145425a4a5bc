import type { RequestCounts } from '../src/adapters/aws/request-counter.ts';
import type { Endpoints } from './aws-clients.ts';
import type { ChaosSettings } from './chaos.ts';
import type { EventSourceStats } from './event-sources/sqs-event-source.ts';
import type { EventListener } from './events.ts';
import type { PoolStats } from './functions/pool.ts';
import type { Terminal } from './output/terminal.ts';
import type { Provisioned } from './provision/tables.ts';
import type { AssemblyLocation } from './synth.ts';
import type { NotEmulated } from './template/model.ts';

export const DEFAULT_PORTS = { api: 8080, dynamodb: 8000, sqs: 4566 } as const;
export const DEFAULT_HOST = '127.0.0.1';

export interface RuntimeOptions {
  /** The repository root (infra/, functions/, cdk.out). Default: the current directory. */
  readonly projectRoot?: string;
  /** Use this cloud assembly as it is instead of synthesizing. */
  readonly cdkOut?: string;
  /** CDK context overrides, as `cdk synth -c key=value`. */
  readonly context?: Readonly<Record<string, string>>;
  /** Where emulator data, logs and context-specific assemblies live. Default: <projectRoot>/.local */
  readonly stateDir?: string;
  readonly region?: string;
  readonly host?: string;
  /** The API's port; 0 picks a free port. Defaults for all three: DEFAULT_PORTS. */
  readonly port?: number;
  readonly dynamodbPort?: number;
  readonly sqsPort?: number;
  /** Write function output to <stateDir>/logs/<function>.log instead of the console. */
  readonly quiet?: boolean;
  /** Fire the template's schedule rules. Default true. */
  readonly schedules?: boolean;
  /** Print the startup listing, then a live status line, until stop (`npm start` does). Default false. */
  readonly summary?: boolean;
  /** How the user started the runtime, for the listing's hints. Default `npm start --`. */
  readonly command?: string;
  /** Where the summary and, by default, log lines go. Default: stdout. */
  readonly terminal?: Terminal;
  /** The runtime's own messages. Default: the terminal. */
  readonly log?: (line: string) => void;
  /** Function output lines when not quiet. Default: log. */
  readonly functionLog?: (line: string) => void;
  /**
   * Faults to inject into functions fed by SQS event sources (see chaos.ts; `parseChaos` reads the
   * CLI's spec). Default: none.
   */
  readonly chaos?: ChaosSettings;
  /** Hears every runtime event (WorkerCrashed, WorkerRestarted, ChaosInjected) from the start on. */
  readonly onEvent?: EventListener;
  /** Runs once everything is provisioned and serving, before startRuntime resolves. */
  readonly seed?: (runtime: LocalRuntime) => Promise<void>;
  /**
   * The API key callers must send when the template's methods require one. Default: the one in
   * <stateDir>/api-key, else a new one written there.
   */
  readonly apiKey?: string;
  /**
   * Check `x-api-key` and SigV4 signatures where the template requires them, as API Gateway does
   * (`npm start -- --auth`). Off by default: on a laptop those routes are served to anyone local.
   */
  readonly auth?: boolean;
}

export interface LocalTable {
  readonly logicalId: string;
  readonly name: string;
  readonly provisioned: Provisioned;
  readonly notEmulated: readonly string[];
}

export interface LocalQueue {
  readonly logicalId: string;
  readonly name: string;
  /** On the SQS endpoint users are given (`endpoints.sqs`). */
  readonly url: string;
  readonly arn: string;
  readonly provisioned: Provisioned;
  /** Logical id of the dead-letter queue, and the receives before a message moves there. */
  readonly deadLetterQueue: string | undefined;
  readonly maxReceiveCount: number | undefined;
  readonly visibilityTimeoutSeconds: number;
  /** "queue" feeds a function; "dlq" takes dead letters; "other" neither. */
  readonly role: 'queue' | 'dlq' | 'other';
}

export interface LocalBucket {
  readonly logicalId: string;
  readonly name: string;
  readonly provisioned: Provisioned;
}

export interface FunctionInfo {
  readonly logicalId: string;
  readonly shortName: string;
  readonly name: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Most instances at once. */
  readonly concurrency: number;
}

export interface EventSourceInfo {
  readonly logicalId: string;
  readonly functionShortName: string;
  readonly queueLogicalId: string;
  readonly queueName: string;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  readonly maxConcurrency: number | undefined;
  readonly pollers: number;
  readonly reportBatchItemFailures: boolean;
  readonly enabled: boolean;
}

export interface ScheduleInfo {
  readonly logicalId: string;
  readonly name: string;
  readonly expression: string;
  readonly targets: readonly string[];
}

export interface QueueDepth {
  readonly logicalId: string;
  readonly role: LocalQueue['role'];
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

export interface RequestCountsBySource {
  /** By function short name ("api", "worker", …). */
  readonly functions: Readonly<Record<string, RequestCounts>>;
  /** The runtime's own counted clients: the event-source pollers. */
  readonly runtime: RequestCounts;
}

export interface LocalRuntime {
  readonly stackName: string;
  readonly region: string;
  readonly apiUrl: string | undefined;
  /** The emulators' endpoints as users are given them (the startup listing prints them). */
  readonly endpoints: Endpoints;
  readonly assembly: AssemblyLocation;
  readonly stateDir: string;
  readonly resources: {
    readonly tables: readonly LocalTable[];
    readonly queues: readonly LocalQueue[];
    readonly buckets: readonly LocalBucket[];
  };
  readonly functions: readonly FunctionInfo[];
  readonly eventSources: readonly EventSourceInfo[];
  readonly schedules: readonly ScheduleInfo[];
  /** "POST /jobs", … */
  readonly routes: readonly string[];
  readonly apiStage: string | undefined;
  /** The key to send as `x-api-key`, when keys are checked (--auth); also in <stateDir>/api-key. */
  readonly apiKey: string | undefined;
  /** The template's API requires keys on some routes (whether or not the runtime checks them). */
  readonly templateRequiresApiKeys: boolean;
  /** The template's API has AWS_IAM methods (-c auth=iam), whether or not the runtime checks signatures. */
  readonly templateRequiresSignatures: boolean;
  /**
   * With --auth and AWS_IAM methods: the shared-credentials file holding one profile per local
   * identity (e.g. `api-read`, `api-admin`), to sign requests with any AWS SDK or CLI.
   */
  readonly identities?: { readonly file: string; readonly names: readonly string[] };
  /** Where the API's access log lines go, when the template's stage logs access. */
  readonly accessLogFile?: string;
  readonly notEmulated: readonly NotEmulated[];
  /** How long each start phase took, in ms. */
  readonly timings: {
    readonly synth: number;
    readonly emulators: number;
    readonly provision: number;
    readonly total: number;
  };
  functionStats(): PoolStats[];
  eventSourceStats(): ReadonlyMap<string, EventSourceStats>;
  apiRequests(): number;
  /** AWS requests by "Service.Operation": every function instance's plus the event-source pollers'. */
  requestCounts(): RequestCounts;
  /**
   * The same requests split by who made them: each function's instances (by short name) and the
   * runtime's own clients (the event-source pollers), so a benchmark can tell the API's share from
   * the worker's.
   */
  requestCountsBySource(): RequestCountsBySource;
  queueDepths(): Promise<QueueDepth[]>;
  nextScheduleFire(ruleLogicalId: string): number | undefined;
  /** Calls listener with every later runtime event (also appended to <stateDir>/events.log); returns the unsubscribe. */
  onEvent(listener: EventListener): () => void;
  readonly chaos: ChaosSettings;
  stop(): Promise<void>;
}
