import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Command } from 'commander';
import { createClient, InvalidArgumentError, type SqsJobsClient } from '../src/client/index.ts';
import { regionFromUrl } from '../src/client/region.ts';
import type { RequestSigner } from '../src/client/sign.ts';
import type { JobRegistry } from '../src/core/registry.ts';
import type { CallSettings } from './describe-error.ts';
import { UsageError } from './errors.ts';

/** Where the CLI reads and writes; the real process's in sqs-jobs.ts, fakes in the tests. */
export interface CliIo {
  /** Read once per command, here and nowhere else in cli/ (see Session). */
  readonly env: Record<string, string | undefined>;
  readonly cwd: string;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  /** The client's fetch (tests); default the global one. */
  readonly fetch?: typeof fetch;
}

/** The options every command takes (sqs-jobs --help). */
export interface GlobalOptions {
  readonly url?: string;
  readonly apiKey?: string;
  readonly iam?: boolean;
  readonly region?: string;
  readonly json?: boolean;
}

/** The client of any stack: the CLI knows no job types, so payloads are plain JSON objects. */
export type CliClient = SqsJobsClient<JobRegistry>;

export const EXAMPLE_URL = 'http://127.0.0.1:8080';

/**
 * One command's view of the global options and the environment: the API client (made on first use,
 * so commands that need none never ask for a URL) and where output goes.
 */
export class Session {
  readonly json: boolean;
  private made: CliClient | undefined;

  constructor(
    readonly io: CliIo,
    readonly globals: GlobalOptions,
  ) {
    this.json = globals.json === true;
  }

  /** How the API is called, for the hints of error lines. */
  get callSettings(): CallSettings {
    const key = this.globals.apiKey ?? this.io.env.SQS_JOBS_API_KEY;
    return { apiKeySent: nonEmpty(key) !== undefined, iam: this.globals.iam === true };
  }

  static of(command: Command, io: CliIo): Session {
    return new Session(io, command.optsWithGlobals<GlobalOptions>());
  }

  /** `--api-key`, else SQS_JOBS_API_KEY. */
  apiKey(): string | undefined {
    if (this.globals.apiKey !== undefined && nonEmpty(this.globals.apiKey) === undefined)
      throw new UsageError('--api-key is empty; give the key, or leave the option out');
    return this.globals.apiKey ?? nonEmpty(this.io.env.SQS_JOBS_API_KEY);
  }

  /** `--url`, else SQS_JOBS_API_URL, checked; says which to set when neither is. */
  apiUrl(): { readonly url: string; readonly from: string } {
    if (this.globals.url !== undefined) return checkedUrl(this.globals.url, '--url');
    const fromEnv = nonEmpty(this.io.env.SQS_JOBS_API_URL);
    if (fromEnv === undefined)
      throw new UsageError(
        `no API URL: pass --url <API base URL> or set SQS_JOBS_API_URL (e.g. --url ${EXAMPLE_URL}, or the stack's ApiUrl output)`,
      );
    return checkedUrl(fromEnv, 'SQS_JOBS_API_URL');
  }

  /**
   * With --iam, a SigV4 signer for the API at `url`, for callers that make their own requests (the
   * terminal dashboard); the region as the client finds it: --region, the URL, AWS_REGION.
   */
  signer(url: string): RequestSigner | undefined {
    if (!this.globals.iam) return undefined;
    const region =
      this.globals.region ??
      regionFromUrl(new URL(url)) ??
      nonEmpty(this.io.env.AWS_REGION ?? this.io.env.AWS_DEFAULT_REGION);
    if (region === undefined)
      throw new UsageError(
        `--iam needs the region to sign for: ${new URL(url).host} does not name one; pass --region or set AWS_REGION`,
      );
    // Loaded on first use, as the client loads it: commands without --iam never load the signer.
    const credentials = awsCredentialChain();
    let signing: Promise<RequestSigner> | undefined;
    return async (request) => {
      signing ??= import('../src/client/sign.ts').then(({ createSigner }) =>
        createSigner(credentials, region),
      );
      return (await signing)(request);
    };
  }

  client(): CliClient {
    if (this.made) return this.made;
    const { url, from } = this.apiUrl();
    const apiKey = this.apiKey();
    const region =
      this.globals.region ??
      (regionFromUrl(new URL(url))
        ? undefined
        : nonEmpty(this.io.env.AWS_REGION ?? this.io.env.AWS_DEFAULT_REGION));
    if (this.globals.iam && region === undefined && !regionFromUrl(new URL(url)))
      throw new UsageError(
        `--iam needs the region to sign for: ${new URL(url).host} does not name one; pass --region or set AWS_REGION`,
      );
    try {
      this.made = createClient<JobRegistry>({
        url,
        ...(apiKey === undefined ? {} : { apiKey }),
        ...(this.globals.iam ? { credentials: awsCredentialChain() } : {}),
        ...(region === undefined ? {} : { region }),
        ...(this.io.fetch ? { fetch: this.io.fetch } : {}),
      });
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw new UsageError(`${from}: ${error.message}`);
      throw error;
    }
    return this.made;
  }

  /** The answer: with --json one JSON document, else the lines `human` gives. */
  emit(data: unknown, human: () => readonly string[]): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    else {
      const lines = human();
      if (lines.length > 0) this.io.stdout.write(`${lines.join('\n')}\n`);
    }
  }
}

/**
 * The AWS SDK's default chain (environment, SSO, shared files, web identity, container and instance
 * metadata), loaded on first use so that commands without --iam never load it.
 */
function awsCredentialChain(): AwsCredentialIdentityProvider {
  let provider: Promise<AwsCredentialIdentityProvider> | undefined;
  return async (): Promise<AwsCredentialIdentity> => {
    provider ??= import('@aws-sdk/credential-provider-node').then(({ defaultProvider }) => defaultProvider());
    return (await provider)();
  };
}

function checkedUrl(url: string, from: string): { url: string; from: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${from} "${url}" is not a URL; give the API base URL, e.g. ${EXAMPLE_URL}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError(`${from} "${url}" must start with http:// or https://`);
  if (parsed.search || parsed.hash)
    throw new UsageError(
      `${from} "${url}" has a query or fragment; give only the base URL (routes are added to it)`,
    );
  if (parsed.username || parsed.password)
    throw new UsageError(`${from} holds credentials; give the API key with --api-key or SQS_JOBS_API_KEY`);
  return { url, from };
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
