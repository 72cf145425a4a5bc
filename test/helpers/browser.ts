import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's chromium (apt), never a downloaded one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** What a page did that a user would not want: uncaught script errors, dialogs (alert), console errors. */
export interface PageWatch {
  readonly errors: string[];
  readonly dialogs: string[];
  /** Includes the browser's own "Failed to load resource" lines, e.g. for a 403 before the key. */
  readonly console: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [], dialogs: [], console: [] };
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') watch.console.push(message.text());
  });
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return watch;
}

/** Saves a full-page screenshot under test-results/ (git-ignored) and returns its absolute path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.resolve('test-results', name);
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
