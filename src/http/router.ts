import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { SqsJobsError } from '../core/errors.ts';

export type RouteHandler = (event: APIGatewayProxyEvent, context?: Context) => Promise<APIGatewayProxyResult>;

/**
 * Dispatches on API Gateway's own `resource` template ("/jobs/{id}"), so the path matching is done
 * once, by the gateway, from the routes the stack declared.
 */
export function createRouter<R extends string>(routes: Readonly<Record<R, RouteHandler>>): RouteHandler {
  const table = new Map<string, RouteHandler>(Object.entries<RouteHandler>(routes));
  return async (event, context) => {
    const handler = table.get(`${event.httpMethod} ${event.resource}`);
    if (!handler) {
      throw new SqsJobsError('NotFound', `No route for ${event.httpMethod} ${event.path}.`, {
        method: event.httpMethod,
        path: event.path,
      });
    }
    return handler(event, context);
  };
}
