import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** An API Gateway REST proxy event (v1), as the gateway would build it for `method resource`. */
export function apiEvent(
  route: string,
  options: {
    path?: string;
    body?: string | null;
    headers?: Record<string, string>;
    pathParameters?: Record<string, string>;
    /** Query parameters; an array is a repeated parameter (`?a=1&a=2`). */
    query?: Record<string, string | string[]>;
    isBase64Encoded?: boolean;
  } = {},
): APIGatewayProxyEvent {
  const [httpMethod = 'GET', resource = '/'] = route.split(' ');
  const path = options.path ?? resource;
  return {
    resource,
    path,
    httpMethod,
    headers: options.headers ?? {},
    multiValueHeaders: {},
    queryStringParameters: options.query
      ? Object.fromEntries(
          Object.entries(options.query).map(([k, v]) => [k, Array.isArray(v) ? (v.at(-1) ?? '') : v]),
        )
      : null,
    multiValueQueryStringParameters: options.query
      ? Object.fromEntries(Object.entries(options.query).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))
      : null,
    pathParameters: options.pathParameters ?? null,
    stageVariables: null,
    body: options.body ?? null,
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod,
      identity: {} as APIGatewayProxyEvent['requestContext']['identity'],
      path: `/local${path}`,
      stage: 'local',
      requestId: 'req-1',
      requestTimeEpoch: 0,
      resourceId: 'r',
      resourcePath: resource,
    },
  };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
    memoryLimitInMB: '512',
    awsRequestId: 'aws-req-1',
    logGroupName: '/aws/lambda/test',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
