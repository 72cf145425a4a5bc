import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServiceFunctionProps {
  /** Folder under functions/ holding index.ts. */
  readonly name: 'api' | 'worker' | 'stats';
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly description: string;
}

/**
 * A Lambda function with the project's defaults: Node 24 on ARM, the whole dependency tree (AWS SDK
 * included) bundled by the local esbuild so the SDK version is the one we test, JSON logs, tracing on.
 */
export class ServiceFunction extends Construct {
  public readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(ROOT, 'functions', props.name, 'index.ts'),
      handler: 'handler',
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      description: props.description,
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'sqs-jobs',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.CJS,
        target: 'node24',
        externalModules: [],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        tsconfig: path.join(ROOT, 'tsconfig.json'),
      },
    });
  }
}
