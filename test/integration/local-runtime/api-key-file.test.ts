import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalRuntimeError } from '../../../local/errors.ts';
import { provisionApiKey } from '../../../local/provision/api-key.ts';

const stateDir = () => mkdtempSync(path.join(tmpdir(), 'sqs-jobs-key-'));

describe('the local API key', () => {
  it('generates a key, writes it to <stateDir>/api-key for the owner only, and keeps it across runs', async () => {
    const dir = stateDir();
    const first = await provisionApiKey(dir, undefined);
    expect(first).toMatch(/^[\w-]{32}$/);
    const file = path.join(dir, 'api-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await provisionApiKey(dir, undefined)).toBe(first);
  });

  it('makes an existing key file readable by the owner only, whatever mode it had', async () => {
    const dir = stateDir();
    const file = path.join(dir, 'api-key');
    writeFileSync(file, 'an-older-key-of-enough-length\n', { mode: 0o644 });
    expect(await provisionApiKey(dir, undefined)).toBe('an-older-key-of-enough-length');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('uses SQS_JOBS_API_KEY when given, replacing the stored one', async () => {
    const dir = stateDir();
    writeFileSync(path.join(dir, 'api-key'), 'an-older-key-of-enough-length\n');
    const key = 'my-team-key-0123456789';
    expect(await provisionApiKey(dir, key)).toBe(key);
    expect(readFileSync(path.join(dir, 'api-key'), 'utf8').trim()).toBe(key);
  });

  it('refuses a key API Gateway would refuse', async () => {
    await expect(provisionApiKey(stateDir(), 'short')).rejects.toThrow(LocalRuntimeError);
    await expect(provisionApiKey(stateDir(), 'has a space in it, twenty+')).rejects.toThrow(/20–128/);
  });
});
