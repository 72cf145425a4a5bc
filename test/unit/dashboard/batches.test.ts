import { describe, expect, it } from 'vitest';
import {
  BATCH_JOBS_SHOWN,
  BATCHES_SHOWN,
  type BatchList,
  type BatchRow,
  batchCanceledText,
  batchReads,
  batchRow,
  batchSettled,
  keptForView,
  moreBatchesText,
  shownBatches,
} from '../../../dashboard/client/model.ts';
import type { BatchView } from '../../../src/core/batch.ts';
import { JOB_STATUSES, type JobStatus } from '../../../src/core/status.ts';
import { FakeElement, rootOf, useFakeDocument } from './fake-dom.ts';

/**
 * batches.ts and job-detail.ts are typed against the DOM (the dashboard's tsconfig), which this
 * project's has not: they are imported by a path the type checker does not follow, with the
 * functions used typed here.
 */
const BATCHES = '../../../dashboard/client/batches.ts';
const JOB_DETAIL = '../../../dashboard/client/job-detail.ts';
interface FakeApi {
  get(path: string): Promise<unknown>;
  post(path: string, body?: unknown): Promise<unknown>;
}
interface FakeMessages {
  show(key: string, text: string, kind?: 'error' | 'info'): void;
  clear(key: string): void;
  error(key: string, error: unknown): void;
}
const { batchRows, createBatches } = (await import(BATCHES)) as {
  batchRows(
    row: BatchRow,
    state: { opened: boolean; canceling: boolean },
    actions: { open(id: string): void; cancel(id: string): void; toggle(id: string): void },
  ): FakeElement[];
  createBatches(
    body: FakeElement,
    note: FakeElement,
    deps: { api: FakeApi; messages: FakeMessages; open(id: string): void; onChange(): void },
  ): { refresh(slow: boolean): Promise<boolean>; show(id: string): void };
};
const { batchCell, keptForCell } = (await import(JOB_DETAIL)) as {
  batchCell(id: string, batch: BatchRow | 'removed' | undefined): FakeElement;
  keptForCell(keptBy: readonly string[], open: (id: string) => void): FakeElement;
};

useFakeDocument();

const createdAt = '2026-01-01T00:00:00.000Z';

/** A batch as GET /batches/{id} answers it, its jobs of the statuses given (in order). */
function aBatchView(
  id: string,
  statuses: readonly JobStatus[],
  callback?: { status: JobStatus } | 'removed',
): BatchView {
  const jobs = statuses.map((status, i) => ({ id: `${id}-j${i}`, type: 'noop', status }));
  const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  for (const job of jobs) counts[job.status] += 1;
  const finished = jobs.filter((job) => ['completed', 'failed', 'canceled'].includes(job.status)).length;
  return {
    id,
    createdAt,
    jobIds: jobs.map((job) => job.id),
    ...(callback ? { callbackJobId: `${id}-cb` } : {}),
    total: jobs.length,
    counts,
    finished,
    progress: jobs.length === 0 ? 1 : finished / jobs.length,
    jobs,
    ...(callback && callback !== 'removed'
      ? { onComplete: { id: `${id}-cb`, type: 'report', status: callback.status } }
      : {}),
  };
}

const listOf = (...ids: string[]): BatchList => ({
  batches: ids.map((id) => ({ id, createdAt, total: 3 })),
});

describe('which batches the panel reads', () => {
  it('shows the five newest, or a linked batch first and the four newest after it', () => {
    const list = listOf('b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7');
    expect(BATCHES_SHOWN).toBe(5);
    expect(shownBatches(list)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    // Among the newest: in its place.
    expect(shownBatches(list, 'b3')).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(shownBatches(list, 'b7')).toEqual(['b7', 'b1', 'b2', 'b3', 'b4']);
    // Older than the list's 20: still shown.
    expect(shownBatches(listOf(), 'old')).toEqual(['old']);
    expect(moreBatchesText(list, shownBatches(list))).toBe(
      '2 more batches not shown: GET /batches lists the 20 newest, GET /batches/{id} any.',
    );
    expect(moreBatchesText(list, shownBatches(list, 'b7'))).toMatch(/^2 more batches/);
    expect(moreBatchesText(listOf('b1', 'b2'), ['b1'])).toMatch(/^1 more batch not/);
    expect(moreBatchesText(listOf('b1'), ['b1'])).toBe('');
  });

  it('reads the batches still moving each refresh, the settled ones only on a slow one', () => {
    const moving = aBatchView('m', ['completed', 'running']);
    const settled = aBatchView('s', ['completed', 'failed'], { status: 'completed' });
    // Every job ended but the callback has not run yet: still moving.
    const callbackDue = aBatchView('c', ['completed', 'canceled'], { status: 'pending' });
    const known = new Map([
      ['m', moving],
      ['s', settled],
      ['c', callbackDue],
    ]);
    expect(batchSettled(settled)).toBe(true);
    expect(batchSettled(moving)).toBe(false);
    expect(batchSettled(callbackDue)).toBe(false);
    // A callback removed by its retention has ended.
    expect(batchSettled(aBatchView('r', ['completed'], 'removed'))).toBe(true);
    expect(batchReads(['new', 'm', 's', 'c'], known, false)).toEqual(['new', 'm', 'c']);
    expect(batchReads(['new', 'm', 's', 'c'], known, true)).toEqual(['new', 'm', 's', 'c']);
  });
});

describe('a batch row', () => {
  it('has the progress of finished over total, the non-zero counts and the callback’s status', () => {
    const row = batchRow(
      aBatchView('b1', ['completed', 'completed', 'failed', 'running', 'pending'], { status: 'waiting' }),
    );
    expect(row).toMatchObject({
      id: 'b1',
      total: 5,
      finished: 3,
      value: 60,
      progressText: '3 of 5 finished',
      counts: [
        { status: 'pending', count: 1 },
        { status: 'running', count: 1 },
        { status: 'completed', count: 2 },
        { status: 'failed', count: 1 },
      ],
      removed: 0,
      callback: { id: 'b1-cb', status: 'waiting' },
      canCancel: true,
      moreJobs: 0,
    });
    expect(row.jobs).toHaveLength(5);
  });

  it('cannot be canceled once every job ended, and says which jobs and callback are gone', () => {
    const view = aBatchView('b2', ['completed', 'canceled'], 'removed');
    // A job removed by its retention: in the total, in no count.
    const gone = { ...view, total: 3, jobIds: [...view.jobIds, 'b2-gone'] };
    const row = batchRow(gone);
    expect(row.canCancel).toBe(false);
    expect(row.removed).toBe(1);
    expect(row.progressText).toBe('2 of 3 finished');
    expect(row.value).toBe(66.7);
    expect(row.callback).toEqual({ id: 'b2-cb', status: 'removed' });
    expect(batchRow(aBatchView('b3', ['completed'])).callback).toBeNull();
    expect(batchRow(aBatchView('b4', [])).value).toBe(100);
  });

  it('lists the first 100 jobs and counts the rest', () => {
    const row = batchRow(
      aBatchView(
        'big',
        Array.from({ length: 130 }, () => 'pending' as const),
      ),
    );
    expect(BATCH_JOBS_SHOWN).toBe(100);
    expect(row.jobs).toHaveLength(100);
    expect(row.moreJobs).toBe(30);
    expect(row.counts).toEqual([{ status: 'pending', count: 130 }]);
  });

  it('says what canceling did', () => {
    expect(batchCanceledText({ id: 'b1', canceled: 4, stopping: 1, finished: 5 })).toBe(
      'Batch b1: cancel asked; 4 canceled, 1 stopping, 5 had ended. Its callback runs once they have all ended.',
    );
    expect(batchCanceledText({ id: 'b1', canceled: 2, stopping: 0, finished: 0 })).toBe(
      'Batch b1: cancel asked; 2 canceled. Its callback runs once they have all ended.',
    );
  });

  it('lists the first 20 jobs keeping a finished one, and counts the rest', () => {
    expect(keptForView(['cb'])).toEqual({ ids: ['cb'], more: 0 });
    expect(keptForView(undefined)).toEqual({ ids: [], more: 0 });
    const many = keptForView(Array.from({ length: 23 }, (_, i) => `d${i}`));
    expect(many.ids).toHaveLength(20);
    expect(many.more).toBe(3);
  });
});

/** The panel's rows for one batch, and what its buttons and links did. */
function rows(view: BatchView, state: { opened: boolean; canceling?: boolean }) {
  const done: string[] = [];
  const root = rootOf(
    batchRows(
      batchRow(view),
      { opened: state.opened, canceling: state.canceling ?? false },
      {
        open: (id) => done.push(`open ${id}`),
        cancel: (id) => done.push(`cancel ${id}`),
        toggle: (id) => done.push(`toggle ${id}`),
      },
    ),
  );
  return { root, done };
}

describe('the Batches panel’s rows', () => {
  const view = aBatchView('3f0c9a1b-5d2e-4c7f-9e00-1a2b3c4d5e6f', ['completed', 'running', 'running'], {
    status: 'waiting',
  });

  it('shows the short id, the bar, the non-zero counts and the callback’s chip; closed, no jobs', () => {
    const { root, done } = rows(view, { opened: false });
    expect(root.children).toHaveLength(1);
    const toggle = root.byTestId('batch-toggle')[0];
    expect(toggle?.textContent).toBe('▸ 3f0c9a1b…');
    expect(toggle?.attributes.get('aria-expanded')).toBe('false');
    const bar = root.byTestId('batch-progress-bar')[0];
    expect(bar?.attributes.get('value')).toBe('33.3');
    expect(bar?.attributes.get('max')).toBe('100');
    expect(root.byTestId('batch-progress')[0]?.textContent).toBe('1 of 3 finished');
    expect(root.byTestId('batch-count').map((chip) => [chip.className, chip.textContent])).toEqual([
      ['badge status-running', '2 running'],
      ['badge status-completed', '1 completed'],
    ]);
    expect(root.byTestId('batch-callback-status')[0]?.textContent).toBe('waiting');
    expect(root.byTestId('batch-jobs')).toHaveLength(0);
    expect(root.byTestId('batch-cancel')).toHaveLength(0);
    toggle?.click();
    root.byTestId('batch-callback-link')[0]?.click();
    expect(done).toEqual([`toggle ${view.id}`, `open ${view.id}-cb`]);
  });

  it('opened, lists its jobs (each opening its job view) and a Cancel batch button', () => {
    const { root, done } = rows(view, { opened: true });
    expect(root.children).toHaveLength(2);
    expect(root.byTestId('batch-toggle')[0]?.attributes.get('aria-expanded')).toBe('true');
    expect(root.byTestId('batch-id')[0]?.textContent).toBe(view.id);
    expect(
      root.byTestId('batch-job').map((job) => [job.attributes.get('data-job-id'), job.textContent]),
    ).toEqual([
      [`${view.id}-j0`, `${view.id.slice(0, 8)}…noopcompleted`],
      [`${view.id}-j1`, `${view.id.slice(0, 8)}…nooprunning`],
      [`${view.id}-j2`, `${view.id.slice(0, 8)}…nooprunning`],
    ]);
    const links = root.byTestId('batch-job-link');
    expect(links[1]?.attributes.get('href')).toBe(`#/jobs/${view.id}-j1`);
    links[1]?.click();
    const cancel = root.byTestId('batch-cancel')[0];
    expect(cancel?.textContent).toBe('Cancel batch');
    expect(cancel?.attributes.has('disabled')).toBe(false);
    cancel?.click();
    expect(done).toEqual([`open ${view.id}-j1`, `cancel ${view.id}`]);
    // While the cancel is asked: disabled.
    expect(
      rows(view, { opened: true, canceling: true })
        .root.byTestId('batch-cancel')[0]
        ?.attributes.has('disabled'),
    ).toBe(true);
  });

  it('has no Cancel batch once every job ended, and says when there is no callback', () => {
    const { root } = rows(aBatchView('b9', ['completed', 'failed']), { opened: true });
    expect(root.byTestId('batch-cancel')).toHaveLength(0);
    expect(root.byTestId('batch-callback')[0]?.textContent).toBe('none');
  });

  it('shows a job type as text only', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const odd = { ...view, jobs: [{ id: 'j1', type: hostile, status: 'pending' as const }] };
    const { root } = rows(odd, { opened: true });
    expect(root.byTestId('batch-job-type')[0]?.children).toEqual([hostile]);
  });
});

describe('the Batches panel', () => {
  /** A fake API answering GET /batches and GET /batches/{id} from `views`, recording each request. */
  function world(views: BatchView[]) {
    const requests: string[] = [];
    const messages: string[] = [];
    const byId = new Map(views.map((view) => [view.id, view]));
    const api: FakeApi = {
      async get(path) {
        requests.push(`GET ${path}`);
        if (path === 'batches') return { batches: views.map(({ id, total }) => ({ id, createdAt, total })) };
        const view = byId.get(decodeURIComponent(path.slice('batches/'.length)));
        if (!view) throw new Error(`no ${path}`);
        return view;
      },
      async post(path) {
        requests.push(`POST ${path}`);
        return { id: 'b1', canceled: 2, stopping: 1, finished: 0 };
      },
    };
    const body = new FakeElement('tbody');
    const note = new FakeElement('p');
    let changes = 0;
    const panel = createBatches(body, note, {
      api,
      messages: {
        show: (_key, text, kind) => messages.push(`${kind}: ${text}`),
        clear: () => {},
        error: (key, error) => messages.push(`error ${key}: ${String(error)}`),
      },
      open: () => {},
      onChange: () => {
        changes += 1;
      },
    });
    return { panel, body, note, requests, messages, byId, changes: () => changes };
  }

  it('makes at most six requests a refresh, and re-reads a settled batch only on a slow one', async () => {
    const views = Array.from({ length: 7 }, (_, i) =>
      aBatchView(
        `b${i}`,
        i === 0 ? ['running'] : ['completed'],
        i === 1 ? { status: 'completed' } : undefined,
      ),
    );
    const { panel, body, note, requests } = world(views);
    expect(await panel.refresh(true)).toBe(true);
    expect(requests).toEqual([
      'GET batches',
      'GET batches/b0',
      'GET batches/b1',
      'GET batches/b2',
      'GET batches/b3',
      'GET batches/b4',
    ]);
    expect(body.byTestId('batch-row').map((row) => row.attributes.get('data-batch-id'))).toEqual([
      'b0',
      'b1',
      'b2',
      'b3',
      'b4',
    ]);
    expect(note.textContent).toMatch(/^2 more batches not shown/);
    requests.length = 0;
    await panel.refresh(false);
    // Only the one still running.
    expect(requests).toEqual(['GET batches', 'GET batches/b0']);
  });

  it('shows a linked batch first and opened, within the same six requests', async () => {
    const views = Array.from({ length: 7 }, (_, i) => aBatchView(`b${i}`, ['pending']));
    const { panel, body, requests, changes } = world(views);
    panel.show('b6');
    // Both hashchange and popstate: one refresh asked.
    panel.show('b6');
    expect(changes()).toBe(1);
    await panel.refresh(false);
    expect(requests).toEqual([
      'GET batches',
      'GET batches/b6',
      'GET batches/b0',
      'GET batches/b1',
      'GET batches/b2',
      'GET batches/b3',
    ]);
    const first = body.byTestId('batch-row')[0];
    expect(first?.attributes.get('data-batch-id')).toBe('b6');
    expect(first?.scrolledIntoView).toBe(1);
    expect(body.byTestId('batch-detail')).toHaveLength(1);
  });

  it('cancels a batch, says what it did and refreshes; the button is disabled meanwhile', async () => {
    const { panel, body, requests, messages, changes } = world([aBatchView('b1', ['running', 'pending'])]);
    await panel.refresh(false);
    body.byTestId('batch-toggle')[0]?.click();
    const cancel = body.byTestId('batch-cancel')[0];
    cancel?.click();
    expect(body.byTestId('batch-cancel')[0]?.attributes.has('disabled')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests.at(-1)).toBe('POST batches/b1/cancel');
    expect(messages).toEqual([
      'info: Batch b1: cancel asked; 2 canceled, 1 stopping. Its callback runs once they have all ended.',
    ]);
    expect(body.byTestId('batch-cancel')[0]?.attributes.has('disabled')).toBe(false);
    expect(changes()).toBe(1);
  });

  it('says when there is no batch', async () => {
    const { panel, body } = world([]);
    await panel.refresh(false);
    expect(body.textContent).toMatch(/^No batches\./);
  });
});

describe('the job view’s batch fields', () => {
  it('shows the batch’s id as a link to it in the panel, with its bar and counts once read', () => {
    const row = batchRow(aBatchView('b1', ['completed', 'running']));
    const cell = batchCell('b1', row);
    const link = cell.byTestId('detail-batch-link')[0];
    expect(link?.attributes.get('href')).toBe('#/batches/b1');
    expect(link?.textContent).toBe('b1');
    expect(cell.byTestId('batch-progress')[0]?.textContent).toBe('1 of 2 finished');
    expect(cell.byTestId('batch-count').map((chip) => chip.textContent)).toEqual([
      '1 running',
      '1 completed',
    ]);
    // Not read (or another batch's): the link alone; gone: says so.
    expect(batchCell('b2', row).byTestId('batch-progress')).toHaveLength(0);
    expect(batchCell('b1', undefined).textContent).toBe('b1');
    expect(batchCell('b1', 'removed').byTestId('detail-batch-removed')[0]?.textContent).toBe(
      ' record removed',
    );
  });

  it('lists the jobs keeping a finished one as links, and why it is kept', () => {
    const opened: string[] = [];
    const cell = keptForCell(['cb1', 'd2'], (id) => opened.push(id));
    const links = cell.byTestId('detail-kept-for-link');
    expect(links.map((link) => link.attributes.get('href'))).toEqual(['#/jobs/cb1', '#/jobs/d2']);
    for (const link of links) link.click();
    expect(opened).toEqual(['cb1', 'd2']);
    expect(cell.textContent).toBe('cb1, d2kept until they finish');
    expect(cell.byTestId('detail-kept-for-note')[0]?.textContent).toBe('kept until they finish');
    expect(
      keptForCell(
        Array.from({ length: 22 }, (_, i) => `d${i}`),
        () => {},
      ).textContent,
    ).toContain(' and 2 more');
  });
});
