import type { JobSummary } from '../../src/core/ports.ts';
import { isJobStatus, JOB_STATUSES } from '../../src/core/status.ts';
import { h, priorityBadge, renderIfChanged, statusBadge, timeCell } from './dom.ts';
import { jobLink } from './failures.ts';
import { type JobsFilter, type JobsPage, jobsPath, priorityMark } from './model.ts';

export interface JobsTable {
  /** The GET /jobs path for the current filter. */
  path(): string;
  update(page: JobsPage): void;
  /** Types to offer in the type filter (every type seen so far). */
  addTypes(types: Iterable<string>): void;
}

/** The recent jobs (GET /jobs?limit=20), newest first, filtered by status and type. */
export function createJobsTable(
  filters: HTMLElement,
  body: HTMLElement,
  actions: { open: (id: string) => void; onFilter: () => void },
): JobsTable {
  const status = h(
    'select',
    { testid: 'filter-status', attrs: { name: 'status', 'aria-label': 'Status' } },
    h('option', { attrs: { value: '' } }, 'any status'),
    ...JOB_STATUSES.map((s) => h('option', { attrs: { value: s } }, s)),
  );
  const types = h('datalist', { attrs: { id: 'known-types' } });
  const type = h('input', {
    testid: 'filter-type',
    attrs: { name: 'type', placeholder: 'any type', list: 'known-types', 'aria-label': 'Type' },
  });
  const known = new Set<string>();
  let filter: JobsFilter = { status: '', type: '' };
  const apply = () => {
    filter = { status: isJobStatus(status.value) ? status.value : '', type: type.value };
    actions.onFilter();
  };
  status.addEventListener('change', apply);
  type.addEventListener('change', apply);
  filters.replaceChildren(h('label', {}, 'Status ', status), h('label', {}, 'Type ', type), types);
  const addTypes = (names: Iterable<string>) => {
    const before = known.size;
    for (const name of names) known.add(name);
    if (known.size === before) return;
    types.replaceChildren(...[...known].sort().map((name) => h('option', { attrs: { value: name } })));
  };

  return {
    path: () => jobsPath(filter),
    update(page) {
      renderIfChanged(body, JSON.stringify(page.jobs), () =>
        page.jobs.length === 0
          ? [h('tr', {}, h('td', { class: 'empty', attrs: { colspan: '7' } }, 'No jobs.'))]
          : page.jobs.map((job) => row(job, actions.open)),
      );
      addTypes(page.jobs.map((job) => job.type));
    },
    addTypes,
  };
}

function row(job: JobSummary, open: (id: string) => void): HTMLElement {
  return h(
    'tr',
    { testid: 'job-row', attrs: { 'data-job-id': job.id } },
    h('td', {}, jobLink(job.id, open)),
    h('td', {}, h('span', { testid: 'job-type' }, job.type), jobPriorityBadge(job)),
    h(
      'td',
      {},
      statusBadge(job.status, 'job-status'),
      // A scheduled job's row says when it runs: that is what the listing of scheduled jobs is for.
      job.status === 'scheduled' && job.runAt
        ? h('span', { class: 'muted', testid: 'job-run-at' }, ' runs ', timeCell(job.runAt))
        : '',
      // A waiting job's row says for how many of its dependencies, when the listing has the count.
      job.status === 'waiting' && job.dependenciesLeft !== undefined
        ? h('span', { class: 'muted', testid: 'job-waiting-for' }, ` for ${job.dependenciesLeft} more`)
        : '',
    ),
    h('td', { class: 'num' }, `${job.attempts}/${job.maxAttempts}`),
    h('td', {}, timeCell(job.createdAt)),
    h('td', {}, timeCell(job.finishedAt)),
    h('td', { class: 'error' }, job.error ? `${job.error.name}: ${job.error.message}` : ''),
  );
}

/** High and low jobs are marked next to their type; a default job, most of them, is not. */
function jobPriorityBadge(job: JobSummary): HTMLElement | null {
  return priorityBadge(priorityMark(job), 'job-priority', (priority) => `Priority: ${priority}`);
}
