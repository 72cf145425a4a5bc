/**
 * Every route the REST API serves. The stack creates one API Gateway method per entry and the API
 * function's router is typed by this list, so a route cannot exist in one place and not the other.
 */
export const API_ROUTES = [
  'GET /',
  'GET /dashboard/{file}',
  'GET /health',
  'POST /jobs',
  'POST /jobs/batch',
  'GET /jobs',
  'GET /jobs/{id}',
  'GET /jobs/{id}/status',
  'POST /jobs/{id}/cancel',
  'POST /jobs/{id}/retry',
  'POST /jobs/{id}/reschedule',
  'GET /batches',
  'GET /batches/{id}',
  'POST /batches/{id}/cancel',
  'GET /schedules',
  'GET /schedules/{name}',
  'PUT /schedules/{name}',
  'DELETE /schedules/{name}',
  'POST /dlq/redrive',
  'GET /status',
  'GET /stats',
  'GET /workers',
  'GET /metrics',
  'GET /openapi.json',
] as const;

export type ApiRoute = (typeof API_ROUTES)[number];

/**
 * Routes that answer without an API key when keys are on: the health check (load balancers and
 * uptime probes carry no key), the dashboard's static files (the page then asks for the key) and the
 * OpenAPI document (it describes the API, not its data). Everything that reads or changes jobs needs one.
 */
export const PUBLIC_ROUTES: ReadonlySet<ApiRoute> = new Set<ApiRoute>([
  'GET /health',
  'GET /',
  'GET /dashboard/{file}',
  'GET /openapi.json',
]);

export function splitRoute(route: ApiRoute): { method: string; path: string } {
  const [method, path] = route.split(' ') as [string, string];
  return { method, path };
}
