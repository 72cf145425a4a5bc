import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../cli/dashboard/config.ts';

/** Runs the argument parsing as the CLI does, but throwing instead of exiting, with what it printed. */
function parse(args: string[], env: Record<string, string> = {}) {
  let printed = '';
  try {
    const config = readConfig(['node', 'cli/dashboard.ts', ...args], env, (program) =>
      program.exitOverride().configureOutput({ writeErr: (text) => (printed += text), writeOut: () => {} }),
    );
    return { config, printed };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { exitCode: error.exitCode, printed };
  }
}

describe('terminal dashboard arguments', () => {
  it('takes the URL from --url, else SQS_JOBS_API_URL, and the key only from SQS_JOBS_API_KEY', () => {
    const { config } = parse(['--url', 'https://abc.execute-api.eu-west-1.amazonaws.com/prod'], {
      SQS_JOBS_API_URL: 'http://ignored:1',
      SQS_JOBS_API_KEY: 'k-123',
    });
    expect(config?.url.href).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod');
    expect(config?.apiKey).toBe('k-123');
    expect(config?.intervalMs).toBe(1_000);
    expect(config?.once).toBe(false);
    expect(parse([], { SQS_JOBS_API_URL: 'http://127.0.0.1:8080' }).config?.url.href).toBe(
      'http://127.0.0.1:8080/',
    );
    expect(parse(['--url', 'http://h', '--interval', '0.5', '--once']).config).toMatchObject({
      intervalMs: 500,
      once: true,
      apiKey: undefined,
    });
  });

  it('stops with a message naming both ways to give the URL when there is none', () => {
    const result = parse([], { SQS_JOBS_API_URL: ' ' });
    expect(result.exitCode).toBe(1);
    expect(result.printed).toContain(
      'error: no API URL: pass --url <base URL> or set SQS_JOBS_API_URL (e.g. --url http://127.0.0.1:8080)',
    );
  });

  it.each([
    [['--url', 'ftp://example.com'], '--url "ftp://example.com" must start with http:// or https://'],
    [['--url', 'localhost:8080'], '--url "localhost:8080" must start with http:// or https://'],
    [
      ['--url', 'not a url'],
      '--url "not a url" is not a URL; give the API base URL, e.g. http://127.0.0.1:8080',
    ],
    [['--url', 'http://user:pw@h'], 'holds credentials; put the API key in SQS_JOBS_API_KEY instead'],
    [['--url', 'http://h/prod?x=1'], 'has a query or fragment'],
  ])('rejects %j', (args, message) => {
    const result = parse(args);
    expect(result.exitCode).toBe(1);
    expect(result.printed).toContain(message);
  });

  it('names the environment variable when the bad URL came from it', () => {
    expect(parse([], { SQS_JOBS_API_URL: 'file:///etc/passwd' }).printed).toContain(
      'SQS_JOBS_API_URL "file:///etc/passwd" must start with http:// or https://',
    );
  });

  it.each([['abc'], ['0'], ['-1'], ['0.1'], ['3601'], ['Infinity'], ['']])(
    'rejects --interval %j',
    (value) => {
      const result = parse(['--url', 'http://h', '--interval', value]);
      expect(result.exitCode).toBe(1);
      expect(result.printed).toContain('Give the seconds between refreshes, a number from 0.2 to 3600');
    },
  );
});
