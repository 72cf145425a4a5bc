import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { ApiRoute } from '../../infra/routes.ts';
import type { JobQueue, JobStore, SnapshotStore } from '../../src/core/ports.ts';
import { systemClock } from '../../src/core/ports.ts';
import { getJobOrThrow } from '../../src/core/use-cases/get-job.ts';
import { readStatus } from '../../src/core/use-cases/read-status.ts';
import { submitJob } from '../../src/core/use-cases/submit-job.ts';
import { readJsonBody } from '../../src/http/json-body.ts';
import { json } from '../../src/http/response.ts';
import type { RouteHandler } from '../../src/http/router.ts';
import { jobSpecs } from '../../src/jobs/specs.ts';

export interface ApiDeps {
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly snapshots: SnapshotStore;
  readonly workerLimit: number;
}

/** One handler per route the stack declares; the type makes a missing or extra route a compile error. */
export function apiRoutes(deps: ApiDeps): Record<ApiRoute, RouteHandler> {
  return {
    'POST /jobs': async (event) => {
      const job = await submitJob(
        { store: deps.store, queue: deps.queue, specs: jobSpecs, clock: systemClock, newId: randomUUID },
        readJsonBody(event),
      );
      return json(202, { id: job.id, status: job.status }, { location: `/jobs/${job.id}` });
    },
    'GET /jobs/{id}': async (event) => json(200, await getJobOrThrow(deps.store, pathParam(event, 'id'))),
    'GET /status': async () =>
      json(
        200,
        await readStatus({ store: deps.store, snapshots: deps.snapshots, workerLimit: deps.workerLimit }),
      ),
  };
}

function pathParam(event: APIGatewayProxyEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (!value) throw new Error(`Route is missing its {${name}} parameter`);
  return value;
}
