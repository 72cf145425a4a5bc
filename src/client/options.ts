import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { InvalidArgumentError } from './errors.ts';
import { regionFromUrl } from './region.ts';
import { DEFAULT_MAX_RETRIES } from './retry.ts';
import type { RequestSigner } from './sign.ts';

/** How to reach the API and who the client is. */
export interface ClientOptions {
  /**
   * The API's base URL, stage included: the stack's `ApiUrl` output
   * (`https://<api-id>.execute-api.<region>.amazonaws.com/<stage>/`), or `http://127.0.0.1:8080` locally.
   */
  readonly url: string;
  /** Sent as `x-api-key` (stages with `auth=apiKey`, the default). */
  readonly apiKey?: string;
  /**
   * Signs every request with SigV4 for `execute-api` (stages with `auth=iam`). Pass the identity or a
   * provider, e.g. `fromNodeProviderChain()` from `@aws-sdk/credential-providers`; the client does
   * not look for credentials itself. Node only: a browser should not hold AWS credentials.
   */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The region to sign for; default: the one in an `execute-api` URL. */
  readonly region?: string;
  /** The fetch to send requests with (a proxy's, a test's); default: the global one. */
  readonly fetch?: typeof fetch;
  /** Retries of one call after a 429 or a safe 503 (default 3; 0 turns retrying off). */
  readonly maxRetries?: number;
}

/** The options checked once, when the client is made. */
export interface ResolvedOptions {
  readonly baseUrl: URL;
  readonly apiKey: string | undefined;
  /** Loads the signer on first use (see sign.ts); undefined without credentials. */
  readonly signer: (() => Promise<RequestSigner>) | undefined;
  readonly fetch: typeof fetch;
  readonly maxRetries: number;
}

/** Checks the options and fails fast, naming what is wrong. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const baseUrl = parseBaseUrl(options.url);
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isInteger(maxRetries) || maxRetries < 0)
    throw new InvalidArgumentError(`maxRetries must be a whole number ≥ 0; got ${options.maxRetries}.`);
  if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || options.apiKey === ''))
    throw new InvalidArgumentError('apiKey must be a non-empty string.');
  const custom = options.fetch;
  return {
    baseUrl,
    apiKey: options.apiKey,
    signer: options.credentials
      ? lazySigner(options.credentials, signingRegion(options, baseUrl))
      : undefined,
    // Called on globalThis: a browser's fetch throws "Illegal invocation" when called on anything else.
    fetch: (input, init) => (custom ?? globalThis.fetch).call(globalThis, input, init),
    maxRetries,
  };
}

function parseBaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidArgumentError(
      `url must be an absolute http(s) URL, e.g. the ApiUrl output; got "${url}".`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new InvalidArgumentError(`url must be http or https; got "${url}".`);
  if (parsed.search || parsed.hash)
    throw new InvalidArgumentError(`url must not have a query or fragment; got "${url}".`);
  return parsed;
}

function signingRegion(options: ClientOptions, baseUrl: URL): string {
  const region = options.region ?? regionFromUrl(baseUrl);
  if (!region)
    throw new InvalidArgumentError(
      `Signing with credentials needs a region: ${baseUrl.host} is not an execute-api host that names one; pass \`region\` to createClient.`,
    );
  return region;
}

function lazySigner(
  credentials: NonNullable<ClientOptions['credentials']>,
  region: string,
): () => Promise<RequestSigner> {
  let loading: Promise<RequestSigner> | undefined;
  return () => {
    loading ??= import('./sign.ts').then(({ createSigner }) => createSigner(credentials, region));
    return loading;
  };
}
