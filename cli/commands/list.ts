import type { Command } from 'commander';
import type { JobSummary } from '../../src/client/index.ts';
import type { JobRegistry } from '../../src/core/registry.ts';
import { JOB_STATUSES, type JobStatus } from '../../src/core/status.ts';
import { jobStatus, wholeNumber } from '../arguments.ts';
import type { Run } from '../program.ts';
import { jobTable } from '../render.ts';
import type { Session } from '../session.ts';

interface ListOptions {
  readonly status?: JobStatus;
  readonly type?: string;
  readonly limit: number;
}

/** As many as GET /jobs answers by default. */
const DEFAULT_LIMIT = 20;

export function listCommand(command: Command, run: Run): void {
  command
    .description(
      'List jobs, newest change first (GET /jobs): id, type, status, priority (when a job is not default), attempts, run at (when a job has one), updated',
    )
    .option('--status <status>', `only jobs in this status: ${JOB_STATUSES.join(', ')}`, jobStatus)
    .option('--type <type>', 'only jobs of this type')
    .option(
      '--limit <n>',
      `at most this many (default ${DEFAULT_LIMIT}; pages are fetched as needed)`,
      wholeNumber(1),
      DEFAULT_LIMIT,
    )
    .action(
      run(async (session: Session, options: ListOptions) => {
        const jobs: JobSummary<JobRegistry>[] = [];
        const filter = {
          limit: options.limit,
          ...(options.status ? { status: options.status } : {}),
          ...(options.type ? { type: options.type } : {}),
        };
        for await (const job of session.client().list(filter)) jobs.push(job);
        session.emit(jobs, () => jobTable(jobs));
        return undefined;
      }),
    );
}
