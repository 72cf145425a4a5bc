import { describe, expect, it } from 'vitest';
import { type DependencyView, dependencyView } from '../../../dashboard/client/model.ts';
import type { Job } from '../../../src/core/job.ts';
import { aJob } from '../../helpers/jobs.ts';
import { FakeElement, useFakeDocument } from './fake-dom.ts';

/**
 * job-detail.ts is typed against the DOM (the dashboard's tsconfig), which this project's has not: it
 * is imported by a path the type checker does not follow, with the one function used typed here.
 */
const JOB_DETAIL = '../../../dashboard/client/job-detail.ts';
const { dependencySection } = (await import(JOB_DETAIL)) as {
  dependencySection(job: Job, view: DependencyView, open: (id: string) => void): unknown[];
};

useFakeDocument();

/** The section's nodes in one root, as the panel holds them. */
function section(job: Job, statuses: ReadonlyMap<string, 'running' | 'waiting' | 'removed'>) {
  const opened: string[] = [];
  const view = dependencyView(job, statuses);
  if (!view) throw new Error('no dependencies section');
  const root = new FakeElement('div');
  for (const child of dependencySection(job, view, (id) => opened.push(id)))
    if (child && typeof child === 'object') root.append(child as unknown as FakeElement);
  return { root, opened };
}

/** The graph's rows as read; `''` children (what `cond ? node : ''` leaves) are no rows. */
const rowsText = (root: FakeElement) =>
  root
    .byTestId('detail-graph')[0]
    ?.children.filter((li) => li !== '')
    .map((li) => (typeof li === 'string' ? li : li.textContent));

describe('the job view’s dependencies section', () => {
  const job: Job = {
    ...aJob({ dependsOn: ['a1', 'b2'], outcomes: { a1: 'completed' }, policy: 'skip', dependents: ['e5'] }),
    id: 'd1',
  };

  it('draws the dependencies above the job and the jobs waiting for it below, each with a status chip', () => {
    const { root } = section(job, new Map([['b2', 'running']]));
    expect(root.children.map((child) => (child as FakeElement).tagName)).toEqual(['h3', 'p', 'dl', 'ul']);
    expect(root.byTestId('detail-waiting-for')[0]?.textContent).toBe('Waiting for 1 more');
    expect(root.byTestId('detail-policy')[0]?.textContent).toBe(
      'skip — a dependency that fails or is canceled cancels this job',
    );
    expect(rowsText(root)).toEqual([
      'Depends on',
      'a1 completed',
      'b2 running waiting for it',
      '↳ This job waiting',
      'Dependents (waiting for this job)',
      // Not read yet: no chip.
      '↳ e5 ',
    ]);
    const chips = root.all().filter((el) => el.className.startsWith('badge'));
    expect(chips.map((chip) => chip.className)).toEqual([
      'badge status-completed',
      'badge status-running',
      'badge status-waiting',
    ]);
    const self = root.byTestId('graph-self')[0];
    expect(self?.className).toBe('graph-node graph-self');
    expect(root.byTestId('graph-dependent')[0]?.className).toBe('graph-node graph-dependent');
  });

  it('makes every id a link that opens that job’s detail', () => {
    const { root, opened } = section(job, new Map());
    const links = root.all().filter((el) => el.tagName === 'a');
    expect(links.map((link) => link.attributes.get('href'))).toEqual(['#/jobs/a1', '#/jobs/b2', '#/jobs/e5']);
    for (const link of links) link.click();
    expect(opened).toEqual(['a1', 'b2', 'e5']);
  });

  it('says "and N more" past the first 20 dependents, and shows ids and statuses as text only', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const wide: Job = {
      ...aJob({ dependents: [hostile, ...Array.from({ length: 24 }, (_, i) => `e${i}`)] }),
      id: 'p1',
      status: 'completed',
    };
    const { root } = section(wide, new Map([[hostile, 'removed']]));
    expect(root.byTestId('graph-dependent')).toHaveLength(20);
    expect(root.byTestId('graph-more-dependents')[0]?.textContent).toBe('and 5 more');
    // No dependencies: no policy, no count, the job first.
    expect(root.byTestId('detail-policy')).toHaveLength(0);
    expect(root.byTestId('detail-waiting-for')).toHaveLength(0);
    expect(rowsText(root)?.slice(0, 3)).toEqual([
      'This job completed',
      'Dependents (waiting for this job)',
      '↳ <img src… removed',
    ]);
    const link = root.byTestId('graph-dependent-link')[0];
    expect(link?.title).toBe(hostile);
    expect(link?.attributes.get('href')).toBe(`#/jobs/${encodeURIComponent(hostile)}`);
  });
});
