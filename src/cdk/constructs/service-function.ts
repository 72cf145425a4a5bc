import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { codeFile } from '../../code-root.ts';
import type { AppProject } from '../app-project.ts';
import { METRICS_NAMESPACE } from './monitoring.ts';

export interface ServiceFunctionProps {
  /**
   * Folder under functions/: `stats` and `sweeper` hold an index.ts; `api` and `worker` a handler.ts
   * whose factory gets the app's job types (see `jobsModule`).
   */
  readonly name: 'api' | 'worker' | 'stats' | 'sweeper';
  /**
   * The app's jobs module (absolute path), for `api`, `worker` and `sweeper`: a small entry file importing it
   * and the function's factory is generated into the cloud assembly, and esbuild bundles both.
   */
  readonly jobsModule?: string;
  /** The app project whose dependencies (and lock file) the bundle is made with. */
  readonly project: AppProject;
  /**
   * Powertools' service name: the `service` of every log line and the dimension of the job-event
   * metrics, so two SqsJobs in one account and stage count apart. @default 'sqs-jobs'
   */
  readonly serviceName?: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly description: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /**
   * Shell commands run after esbuild bundled the handler, from the project root, to add files to the
   * function's asset (e.g. the API's web dashboard). Absolute paths: both directories are given.
   * @default none
   */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
  /**
   * X-Ray tracing (Lambda active tracing + Powertools Tracer around the handler and SDK clients).
   * @default true
   */
  readonly tracing?: boolean;
}

/**
 * A Lambda function with the project's defaults: Node 24 on ARM, the whole dependency tree (AWS SDK
 * included) bundled by the local esbuild so the SDK version is the one we test, JSON logs, tracing on.
 * Its role starts with nothing but writing to its own log group; every other permission is an explicit
 * {@link ServiceFunction.allow}.
 */
export class ServiceFunction extends Construct {
  public readonly fn: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Not the default role: AWSLambdaBasicExecutionRole lets the function write to every log group in
    // the account, and it only ever needs its own (which exists, so no logs:CreateLogGroup either).
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `sqs-jobs ${props.name} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.jobsModule
        ? generatedEntry(this, props.name, props.jobsModule, props.project)
        : codeFile(`functions/${props.name}/index`),
      handler: 'handler',
      projectRoot: props.project.root,
      depsLockFilePath: props.project.lockFile,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      description: props.description,
      role: this.role,
      tracing: props.tracing === false ? Tracing.DISABLED : Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName ?? 'sqs-jobs',
        // Job events counted as EMF metrics land here; infra/constructs/monitoring.ts graphs them.
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        // Responses hold job payloads and results: they stay out of X-Ray; errors go in.
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        POWERTOOLS_TRACE_ENABLED: String(props.tracing !== false),
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.CJS,
        target: 'node24',
        externalModules: [],
        minify: true,
        // Error classes are told apart by name across the bundle boundary (and in logs): keep them.
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        ...(props.project.tsconfig ? { tsconfig: props.project.tsconfig } : {}),
        ...(props.afterBundling ? { commandHooks: afterBundlingHooks(props.afterBundling) } : {}),
      },
    });
  }

  /**
   * Lets the function call exactly `actions` on exactly `resources`. No Sid, so
   * `@aws-cdk/aws-iam:minimizePolicies` can still merge statements.
   */
  allow(actions: readonly string[], resources: readonly string[]): void {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [...resources] }));
  }
}

const FACTORIES: Readonly<Record<string, { module: string; factory: string; schedules?: true }>> = {
  api: { module: 'functions/api/handler', factory: 'createApiHandler', schedules: true },
  worker: { module: 'functions/worker/handler', factory: 'createWorkerHandler' },
  // The API and the sweeper both know the module's declared schedules (the sweeper fires them).
  sweeper: { module: 'functions/sweeper/handler', factory: 'createSweeperHandler', schedules: true },
};

/**
 * `import * as jobs from '<module>'; export const handler = createWorkerHandler(jobs.default)`, as a
 * file of its own (a file, not an esbuild alias, so a failing bundle names what it was bundling).
 * Named after the construct's path, so two stacks never share one, and rewritten at every synth.
 */
function generatedEntry(
  scope: Construct,
  name: ServiceFunctionProps['name'],
  jobsModule: string,
  project: AppProject,
): string {
  const factory = FACTORIES[name];
  if (!factory) throw new Error(`The ${name} function takes no jobs module.`);
  // Under the app's project root, as NodejsFunction requires of an entry; node_modules/.cache is
  // where tools keep generated files nobody commits.
  const dir = path.join(project.root, 'node_modules', '.cache', 'sqs-jobs', 'entries');
  mkdirSync(dir, { recursive: true });
  const id = createHash('sha256').update(scope.node.path).digest('hex').slice(0, 12);
  const file = path.join(dir, `${name}-${id}.ts`);
  const source = [
    "// Generated by sqs-jobs at synth: the function factory given the app's job types.",
    `import * as jobsModule from ${JSON.stringify(jobsModule)};`,
    `import { ${factory.factory} } from ${JSON.stringify(codeFile(factory.module))};`,
    `import { jobRegistryOf } from ${JSON.stringify(codeFile('src/core/registry'))};`,
    ...(factory.schedules
      ? [`import { declaredSchedulesOf } from ${JSON.stringify(codeFile('src/core/schedule/define'))};`]
      : []),
    `export const handler = ${factory.factory}(jobRegistryOf(jobsModule, ${JSON.stringify(jobsModule)})${
      factory.schedules ? `, declaredSchedulesOf(jobsModule, ${JSON.stringify(jobsModule)})` : ''
    });`,
    '',
  ].join('\n');
  writeFileSync(file, source);
  return file;
}

function afterBundlingHooks(afterBundling: (inputDir: string, outputDir: string) => string[]): ICommandHooks {
  return { beforeBundling: () => [], beforeInstall: () => [], afterBundling };
}
