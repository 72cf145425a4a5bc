import type { JobSummary } from '../../src/core/ports.ts';
import type { StatsView, StatusView, WorkersView } from '../../src/core/stats.ts';
import type { JobStatus } from '../../src/core/status.ts';
import { createApi } from './api.ts';
import { createBatches } from './batches.ts';
import { createCharts } from './charts.ts';
import { byId } from './dom.ts';
import { createFailures } from './failures.ts';
import { createJobDetail, type JobActions } from './job-detail.ts';
import { createJobTypes } from './job-types.ts';
import { createJobsTable } from './jobs-table.ts';
import { createKeyPrompt } from './key-prompt.ts';
import { createMessages } from './messages.ts';
import {
  addLiveSample,
  EMPTY_LIVE,
  type FailureRow,
  type JobsPage,
  jobsPath,
  LIVE_SAMPLE_MS,
  type LiveSeries,
  mergeFailures,
} from './model.ts';
import { createOverview } from './overview.ts';
import { createSchedules, type ScheduleList } from './schedules.ts';
import { createWorkers } from './workers.ts';

/**
 * Counts, jobs and failures are re-read this often; stats (a snapshot a minute) and workers less.
 * Each GET /status read is also the throughput chart's live sample: no request of its own.
 */
const REFRESH_MS = LIVE_SAMPLE_MS;
const SLOW_EVERY = 5;
const FAILED_JOBS_PATH = jobsPath({ status: 'failed', type: '' });

const messages = createMessages(byId('messages'));
const api = createApi(createKeyPrompt(byId<HTMLFormElement>('key-form')));
const live = byId('live');

const state = {
  status: null as StatusView | null,
  stats: null as StatsView | null,
  failedJobs: [] as readonly JobSummary[],
  failures: [] as readonly FailureRow[],
  /** The throughput chart's live line: a sample of each GET /status read, the last 10 minutes. */
  live: EMPTY_LIVE as LiveSeries,
  /** The latest status seen of each job, so the failures list can say what became of a failure. */
  known: new Map<string, JobStatus>(),
};
const remember = (jobs: readonly Pick<JobSummary, 'id' | 'status'>[]) => {
  if (state.known.size > 5_000) state.known.clear();
  for (const job of jobs) state.known.set(job.id, job.status);
};

const actions: JobActions = {
  async retry(id) {
    await act(`jobs/${encodeURIComponent(id)}/retry`, id, 'retry queued');
  },
  async cancel(id) {
    await act(`jobs/${encodeURIComponent(id)}/cancel`, id, 'cancel asked');
  },
  async runNow(id) {
    await act(`jobs/${encodeURIComponent(id)}/reschedule`, id, 'queued to run now', { delaySeconds: 0 });
  },
};

async function act(path: string, id: string, done: string, body?: unknown): Promise<void> {
  try {
    const job = await api.post<{ id: string; status: JobStatus }>(path, body);
    remember([job]);
    messages.show('action', `Job ${id}: ${done}; now ${job.status}.`, 'info');
  } catch (error) {
    messages.error('action', error);
  }
  refreshNow();
}

const overview = createOverview(byId('overview'), { api, messages, onChange: () => refreshNow() });
const charts = createCharts({
  throughput: byId('chart-throughput'),
  latency: byId('chart-latency'),
  empty: byId('charts-empty'),
});
const detail = createJobDetail(byId('detail'), { api, messages, actions });
const open = (id: string) => void detail.open(id);
const failures = createFailures(byId('failures-body'), byId('failures-note'), {
  open,
  retry: (id) => void actions.retry(id),
});
const jobs = createJobsTable(byId('jobs-filters'), byId('jobs-body'), { open, onFilter: () => refreshNow() });
const schedules = createSchedules(byId('schedules-body'), { open });
const batches = createBatches(byId('batches-body'), byId('batches-note'), {
  api,
  messages,
  open,
  onChange: () => refreshNow(),
});
const workers = createWorkers(byId('workers-body'));
const types = createJobTypes(byId('types-body'));

async function load<T>(key: string, path: string, use: (value: T) => void): Promise<boolean> {
  try {
    use(await api.get<T>(path));
    messages.clear(key);
    return true;
  } catch (error) {
    messages.error(key, error);
    return false;
  }
}

let tick = 0;
async function refresh(): Promise<void> {
  const slow = tick % SLOW_EVERY === 0;
  tick += 1;
  const results = await Promise.all([
    load<StatusView>('status', 'status', (status) => {
      state.status = status;
      overview.update(status);
      const live = addLiveSample(state.live, status, Date.now());
      if (live !== state.live) charts.live(live.points);
      state.live = live;
    }),
    load<JobsPage>('jobs', jobs.path(), (page) => {
      remember(page.jobs);
      jobs.update(page);
    }),
    load<JobsPage>('failed jobs', FAILED_JOBS_PATH, (page) => {
      state.failedJobs = page.jobs;
      remember(page.jobs);
    }),
    // Every refresh: a firing's next run and last job change on the minute.
    load<ScheduleList>('schedules', 'schedules', (list) => schedules.update(list)),
    // GET /batches and at most five GET /batches/{id}; a settled batch only on a slow refresh.
    batches.refresh(slow),
    slow
      ? load<StatsView>('stats', 'stats?hours=1', (stats) => {
          state.stats = stats;
          charts.update(stats.history);
          overview.updateHolds(stats.snapshot?.heldBack);
          jobs.addTypes(Object.keys(stats.snapshot?.byType ?? {}));
          types.update(stats.snapshot?.byType);
        })
      : true,
    slow ? load<WorkersView>('workers', 'workers', (view) => workers.update(view)) : true,
    detail.refresh(),
  ]);
  state.failures = mergeFailures({
    shown: state.failures,
    snapshot: state.stats?.snapshot?.lastFailures ?? [],
    last: state.status?.lastFailure ?? null,
    failedJobs: state.failedJobs,
    known: state.known,
  });
  failures.update(state.failures, state.stats?.snapshot?.takenAt ?? null);
  const failed = results.some((ok) => ok === false);
  live.textContent = `${failed ? 'Live, with errors' : 'Live'} · updated ${new Date().toLocaleTimeString()}`;
  live.className = failed ? 'live degraded' : 'live';
}

// One refresh at a time; asking during one runs another right after it. Paused while the tab is hidden.
let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;
let again = false;
async function run(): Promise<void> {
  clearTimeout(timer);
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    if (!document.hidden) await refresh();
  } finally {
    running = false;
    if (again) {
      again = false;
      void run();
    } else {
      timer = setTimeout(() => void run(), REFRESH_MS);
    }
  }
}
function refreshNow(): void {
  void run();
}

/**
 * `#/jobs/<id>` opens that job's detail, so a job can be linked and the back button closes it;
 * `#/batches/<id>` shows that batch opened in the Batches panel (the job view's batch links).
 */
function followHash(): void {
  const match = /^#\/jobs\/(.+)$/.exec(location.hash);
  const id = match?.[1] ? decodeURIComponent(match[1]) : undefined;
  if (id && id !== detail.current()) void detail.open(id);
  if (!id && detail.current()) detail.close();
  const batch = /^#\/batches\/(.+)$/.exec(location.hash)?.[1];
  if (batch) batches.show(decodeURIComponent(batch));
}

window.addEventListener('popstate', followHash);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && detail.current()) detail.close();
});
window.addEventListener('hashchange', followHash);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) refreshNow();
});
followHash();
refreshNow();
