import type { JobDefinition } from '../../src/core/registry.ts';
import type { jobHandlers } from '../../src/jobs/handlers.ts';
import type { JobSpecs } from '../../src/jobs/specs.ts';

/**
 * The repository's own job types as a registry type (the specs' schemas, the handlers' results), for
 * typing a client with them until the job types are written with defineJobs.
 */
export type RepoJobs = {
  readonly [K in keyof JobSpecs]: JobDefinition<
    JobSpecs[K]['schema'],
    Awaited<ReturnType<(typeof jobHandlers)[K]>>
  >;
};
