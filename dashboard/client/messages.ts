import { ApiError } from './api.ts';
import { h } from './dom.ts';

export interface Messages {
  /** Shows (or replaces) the message under `key`. */
  show(key: string, text: string, kind?: 'error' | 'info'): void;
  clear(key: string): void;
  /** Shows what went wrong, the API's code and message when it said any. */
  error(key: string, error: unknown): void;
}

/** The message area: API errors stay visible until the same call succeeds or the user dismisses them. */
export function createMessages(area: HTMLElement): Messages {
  const shown = new Map<string, { text: string; kind: 'error' | 'info' }>();
  const render = () => {
    area.replaceChildren(
      ...[...shown].map(([key, { text, kind }]) =>
        h(
          'p',
          { class: `message ${kind}`, testid: kind === 'error' ? 'error-message' : 'info-message' },
          h('span', {}, text),
          h(
            'button',
            {
              class: 'dismiss',
              title: 'Dismiss',
              attrs: { type: 'button', 'aria-label': 'Dismiss' },
              onClick: () => messages.clear(key),
            },
            '×',
          ),
        ),
      ),
    );
  };
  const messages: Messages = {
    show(key, text, kind = 'error') {
      const current = shown.get(key);
      if (current?.text === text && current.kind === kind) return;
      shown.set(key, { text, kind });
      render();
    },
    clear(key) {
      if (shown.delete(key)) render();
    },
    error(key, error) {
      const text =
        error instanceof ApiError
          ? `${error.path}: ${error.code}: ${error.message}`
          : `${key}: ${error instanceof Error ? error.message : String(error)}`;
      messages.show(key, text, 'error');
    },
  };
  return messages;
}
