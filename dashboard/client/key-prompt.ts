import { API_KEY_STORAGE, type KeySource } from './api.ts';

/**
 * The "API key" form: shown when the API answers 401/403, once for all the requests waiting on it.
 * The key goes to sessionStorage, so it lasts for this tab's session and no longer.
 */
export function createKeyPrompt(form: HTMLFormElement, storage: Storage = sessionStorage): KeySource {
  const input = form.querySelector<HTMLInputElement>('input[name="key"]');
  const hint = form.querySelector<HTMLElement>('[data-role="hint"]');
  if (!input || !hint) throw new Error('The API key form needs an input named "key" and a hint');
  let waiting: Promise<void> | undefined;
  let resolve: (() => void) | undefined;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    storage.setItem(API_KEY_STORAGE, key);
    input.value = '';
    form.hidden = true;
    waiting = undefined;
    resolve?.();
  });

  return {
    ask(rejected) {
      if (!waiting) {
        hint.textContent = rejected
          ? 'The API did not accept that key. Enter another one.'
          : 'This API needs a key. It is kept for this browser session only.';
        form.hidden = false;
        input.focus();
        waiting = new Promise<void>((done) => {
          resolve = done;
        });
      }
      return waiting;
    },
  };
}
