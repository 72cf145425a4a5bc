import { JobNotFoundError } from '../errors.ts';
import type { Job } from '../job.ts';
import type { JobStore } from '../ports.ts';

export async function getJobOrThrow(store: JobStore, id: string): Promise<Job> {
  const job = await store.get(id);
  if (!job) throw new JobNotFoundError(id);
  return job;
}
