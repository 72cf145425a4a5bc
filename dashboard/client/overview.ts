import type { Priority } from '../../src/core/priority.ts';
import type { HeldBackStats, QueueDepth, StatusView } from '../../src/core/stats.ts';
import { JOB_STATUSES } from '../../src/core/status.ts';
import type { ApiClient } from './api.ts';
import { h, renderIfChanged } from './dom.ts';
import type { Messages } from './messages.ts';
import { ago, formatRate, holdsView, PRIORITIES, priorityQueues } from './model.ts';

export interface Overview {
  update(status: StatusView): void;
  /** From the latest stats snapshot: undefined hides the card (a snapshot from before job limits, or none). */
  updateHolds(heldBack: HeldBackStats | undefined): void;
}

/**
 * The cards at the top: workers, one count per status (GET /status, live), throughput, the jobs
 * queues (all priorities added up, then each priority's), how often job limits held jobs back (GET
 * /stats), and the dead-letter queue with its redrive button.
 */
export function createOverview(
  container: HTMLElement,
  deps: { api: ApiClient; messages: Messages; onChange: () => void },
): Overview {
  const text = (testid: string) => h('span', { testid }, '–');
  const workers = { alive: text('workers-alive'), limit: text('workers-limit'), busy: text('workers-busy') };
  const counts = Object.fromEntries(JOB_STATUSES.map((status) => [status, text(`count-${status}`)]));
  const rate = { completed: text('rate-completed'), failed: text('rate-failed') };
  const dlq = { depth: text('dlq-depth'), inFlight: text('dlq-in-flight'), asOf: text('dlq-as-of') };
  const depthCells = (prefix: string): DepthCells => ({
    visible: text(`${prefix}-visible`),
    inFlight: text(`${prefix}-in-flight`),
    delayed: text(`${prefix}-delayed`),
  });
  const queue = depthCells('queue');
  const byPriority = Object.fromEntries(
    PRIORITIES.map((priority) => [priority, depthCells(`queue-${priority}`)]),
  ) as Record<Priority, DepthCells>;
  // Each priority has its own queue and workers: a backlog shows where it is, and whether high waits.
  const priorityTable = h(
    'table',
    { class: 'queues', testid: 'queue-priorities' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'priority'),
        ...['waiting', 'in flight', 'delayed'].map((t) => h('th', { class: 'num' }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      ...PRIORITIES.map((priority) => {
        const cells = byPriority[priority];
        return h(
          'tr',
          { testid: 'queue-priority', attrs: { 'data-priority': priority } },
          h('th', { attrs: { scope: 'row' } }, priority),
          h('td', { class: 'num' }, cells.visible),
          h('td', { class: 'num' }, cells.inFlight),
          h('td', { class: 'num' }, cells.delayed),
        );
      }),
    ),
  );
  priorityTable.hidden = true;
  const holds = { lastHour: text('held-back-last-hour'), total: text('held-back-total') };
  // Each type held back in the hour, most held first: which limit to look at.
  const holdsByType = h('tbody');
  const redriveResult = h('pre', { class: 'redrive-result', testid: 'redrive-result' });
  redriveResult.hidden = true;
  const redrive = h('button', { testid: 'redrive-button', attrs: { type: 'button' } }, 'Redrive DLQ');
  redrive.addEventListener('click', async () => {
    redrive.disabled = true;
    try {
      const result = await deps.api.post<unknown>('dlq/redrive', {});
      redriveResult.textContent = JSON.stringify(result, null, 2);
      redriveResult.hidden = false;
      deps.messages.clear('redrive');
      deps.onChange();
    } catch (error) {
      deps.messages.error('redrive', error);
    } finally {
      redrive.disabled = false;
    }
  });

  const card = (testid: string, title: string, big: Node, ...sub: (Node | string)[]) =>
    h('div', { class: 'card', testid }, h('h2', {}, title), h('div', { class: 'big' }, big), ...sub);
  const queueCard = card(
    'card-queue',
    'Jobs queues',
    queue.visible,
    h('div', { class: 'sub' }, queue.inFlight, ' in flight · ', queue.delayed, ' delayed'),
    priorityTable,
  );
  const holdsCard = card(
    'card-held-back',
    'Held back',
    holds.lastHour,
    h('div', { class: 'sub' }, 'last hour · ', holds.total, ' in all'),
    h('table', { class: 'queues', testid: 'held-back-types' }, holdsByType),
  );
  holdsCard.hidden = true;
  container.replaceChildren(
    card(
      'card-workers',
      'Workers alive',
      h('span', {}, workers.alive, ' / ', workers.limit),
      h('div', { class: 'sub' }, workers.busy, ' busy'),
    ),
    ...JOB_STATUSES.map((status) =>
      card(`card-${status}`, status[0]?.toUpperCase() + status.slice(1), counts[status] as Node),
    ),
    card(
      'card-throughput',
      'Throughput',
      h('span', {}, rate.completed, h('small', {}, ' jobs/s')),
      h('div', { class: 'sub' }, rate.failed, ' failed/s · last minute'),
    ),
    queueCard,
    holdsCard,
    card(
      'card-dlq',
      'Dead letters',
      dlq.depth,
      h('div', { class: 'sub' }, dlq.inFlight, ' in flight · ', dlq.asOf),
      redrive,
      redriveResult,
    ),
  );

  return {
    update(status) {
      workers.alive.textContent = numberText(status.workersAlive);
      workers.limit.textContent = numberText(status.workers);
      workers.busy.textContent = numberText(status.workersBusy);
      for (const name of JOB_STATUSES) (counts[name] as HTMLElement).textContent = numberText(status[name]);
      rate.completed.textContent = formatRate(status.throughput?.completedPerSecond);
      rate.failed.textContent = formatRate(status.throughput?.failedPerSecond);
      showDepth(queue, status.queue);
      // Null until the first snapshot, and from an API older than priorities: the totals alone then.
      const queues = priorityQueues(status);
      priorityTable.hidden = queues === null;
      queueCard.classList.toggle('wide', queues !== null);
      for (const { priority, depth } of queues ?? []) showDepth(byPriority[priority], depth);
      dlq.depth.textContent = numberText(status.deadLetterQueue?.visible);
      dlq.inFlight.textContent = numberText(status.deadLetterQueue?.inFlight);
      // Queue depths come from the last stats snapshot, not live: say how old they are.
      dlq.asOf.textContent = status.snapshotAt
        ? `as of ${ago(status.snapshotAt, Date.now())}`
        : 'no snapshot yet';
    },
    updateHolds(heldBack) {
      const view = holdsView(heldBack);
      holdsCard.hidden = view === null;
      if (!view) return;
      holds.lastHour.textContent = numberText(view.lastHour);
      holds.total.textContent = numberText(view.total);
      renderIfChanged(holdsByType, JSON.stringify(view.byType), () =>
        view.byType.map(({ type, lastHour }) =>
          h(
            'tr',
            { testid: 'held-back-type', attrs: { 'data-type': type } },
            h('th', { attrs: { scope: 'row' } }, type),
            h('td', { class: 'num' }, numberText(lastHour)),
          ),
        ),
      );
    },
  };
}

/** The three counts of one queue, as text the refresh rewrites. */
interface DepthCells {
  readonly visible: HTMLElement;
  readonly inFlight: HTMLElement;
  readonly delayed: HTMLElement;
}

function showDepth(cells: DepthCells, depth: QueueDepth | null): void {
  cells.visible.textContent = numberText(depth?.visible);
  cells.inFlight.textContent = numberText(depth?.inFlight);
  cells.delayed.textContent = numberText(depth?.delayed);
}

function numberText(value: number | undefined | null): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toLocaleString('en-US') : '–';
}
