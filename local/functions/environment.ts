import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Endpoints } from '../aws-clients.ts';
import { LOCAL_CREDENTIALS } from '../aws-clients.ts';
import type { FunctionModel } from '../template/functions.ts';

/**
 * The environment Lambda gives a function, and nothing of the runtime's own: a handler that
 * works here because of a variable set in the developer's shell would fail on AWS. One exception,
 * as `sam local` makes it: Powertools Metrics is off unless the template turns it on. Its EMF lines
 * become CloudWatch metrics on AWS; here nothing reads them, and printing, piping and filing one
 * per invocation cost several per cent of local throughput.
 */
export function lambdaEnvironment(
  fn: FunctionModel,
  templateVariables: Readonly<Record<string, string>>,
  endpoints: Endpoints,
  region: string,
): Record<string, string> {
  return {
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...templateVariables,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(fn),
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(fn),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    LAMBDA_TASK_ROOT: fn.codeDir,
    _HANDLER: fn.handler,
    TZ: 'UTC',
    LANG: 'en_US.UTF-8',
    // This Node first, so anything the handler spawns runs the same version.
    PATH: [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    // The SDK reads these itself, so handlers never ask whether they run locally.
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    ...(endpoints.eventbridge ? { AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventbridge } : {}),
  };
}

export function logGroupName(fn: FunctionModel): string {
  return `/aws/lambda/${fn.name}`;
}

/**
 * Lambda names one log stream per execution environment (`2026/11/23/[$LATEST]<hex>`); handlers use
 * it as the instance's identity (the worker records it on each claim), so each instance gets its own.
 */
export function logStreamName(fn: FunctionModel, instance?: { number: number; started: Date }): string {
  if (!instance) return `local/[$LATEST]${fn.shortName}`;
  const day = instance.started.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${fn.shortName}-${instance.number}-${randomBytes(4).toString('hex')}`;
}
