import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Just enough of the DOM for dom.ts's `h` (createElement, attributes, dataset, children, click
 * listeners): the tests run in Node, and what is built is checked by what a reader would see.
 */
export class FakeElement {
  className = '';
  title = '';
  readonly dataset: Record<string, string> = {};
  readonly attributes = new Map<string, string>();
  readonly children: (FakeElement | string)[] = [];
  readonly listeners = new Map<string, ((event: Event) => void)[]>();
  constructor(readonly tagName: string) {}
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  addEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  append(...nodes: (FakeElement | string)[]) {
    this.children.push(...nodes);
  }
  replaceChildren(...nodes: (FakeElement | string)[]) {
    this.children.splice(0, this.children.length, ...nodes);
  }
  get textContent(): string {
    return this.children.map((child) => (typeof child === 'string' ? child : child.textContent)).join('');
  }
  set textContent(text: string) {
    this.replaceChildren(...(text ? [text] : []));
  }
  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }
  /** Only `[attribute]` selectors: the elements below this one that have it. */
  querySelectorAll(selector: string): FakeElement[] {
    const attribute = /^\[([a-z-]+)\]$/.exec(selector)?.[1];
    if (!attribute) throw new Error(`The fake DOM does not take the selector ${selector}`);
    return this.all()
      .slice(1)
      .filter((el) => el.attributes.has(attribute));
  }
  scrolledIntoView = 0;
  scrollIntoView() {
    this.scrolledIntoView += 1;
  }
  click() {
    for (const listener of this.listeners.get('click') ?? []) listener({ preventDefault() {} } as Event);
  }
  /** Every element below (and including) this one, in document order. */
  all(): FakeElement[] {
    return [this, ...this.children.flatMap((child) => (typeof child === 'string' ? [] : child.all()))];
  }
  byTestId(testid: string): FakeElement[] {
    return this.all().filter((el) => el.dataset.testid === testid);
  }
}

/** Stubs `document` with the fake for each test of the file. */
export function useFakeDocument(): void {
  beforeEach(() => {
    vi.stubGlobal('document', { createElement: (tag: string) => new FakeElement(tag) });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
}

/** The nodes built, in one root, as the page holds them (`''` and nulls, what conditions leave, dropped). */
export function rootOf(children: readonly unknown[]): FakeElement {
  const root = new FakeElement('div');
  for (const child of children) if (child && typeof child === 'object') root.append(child as FakeElement);
  return root;
}
