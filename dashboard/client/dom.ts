import type { Priority } from '../../src/core/priority.ts';

/**
 * The only way the dashboard builds DOM: elements by createElement, text by text nodes. No HTML string
 * is ever parsed, so payloads, errors and type names always show as the characters they are.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  readonly class?: string | undefined;
  readonly testid?: string | undefined;
  readonly title?: string | undefined;
  /** Plain attributes (setAttribute never parses markup). */
  readonly attrs?: Readonly<Record<string, string>>;
  readonly onClick?: (event: Event) => void;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.testid) el.dataset.testid = props.testid;
  if (props.title) el.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  if (props.onClick) el.addEventListener('click', props.onClick);
  append(el, children);
  return el;
}

export function append(el: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : String(child));
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no #${id}`);
  return el as T;
}

/**
 * Replaces `el`'s children only when `key` (what they are built from) changed since the last call, so
 * a refresh that brings nothing new leaves the rows, their focus and a half-done click alone.
 */
export function renderIfChanged(el: Element, key: string, build: () => Child[]): void {
  const owner = el as Element & { renderedFrom?: string };
  if (owner.renderedFrom === key) return;
  owner.renderedFrom = key;
  el.replaceChildren();
  append(el, build());
}

/** Empties `el` and forgets what renderIfChanged built it from. */
export function clearRendered(el: Element, ...children: Child[]): void {
  (el as Element & { renderedFrom?: string }).renderedFrom = undefined;
  el.replaceChildren();
  append(el, children);
}

/** Local time of an ISO instant, with the date when it is not today; the ISO text as a tooltip. */
export function timeCell(iso: string | undefined): HTMLTimeElement | string {
  if (!iso) return '–';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const today = new Date().toDateString() === at.toDateString();
  const text = today ? at.toLocaleTimeString() : at.toLocaleString();
  return h('time', { title: iso, attrs: { datetime: iso } }, text);
}

/** A status word as a coloured badge; the word itself is the text. */
export function statusBadge(status: string | undefined, testid?: string): HTMLElement {
  return h('span', { class: `badge status-${status ?? 'unknown'}`, testid }, status ?? 'unknown');
}

/**
 * A high or low priority as a badge after a type name (a job's, or the jobs a schedule submits); none
 * for `null`, the default that most carry (see priorityMark).
 */
export function priorityBadge(
  priority: Priority | null,
  testid: string,
  title: (priority: Priority) => string,
): HTMLElement | null {
  if (!priority) return null;
  return h(
    'span',
    { class: `badge priority priority-${priority}`, testid, title: title(priority) },
    priority,
  );
}
