import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** What a request to sign holds; the answer is the headers to send. */
export interface UnsignedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

/** Signs one request (afresh for each try: a signature is dated). */
export type RequestSigner = (request: UnsignedRequest) => Promise<Record<string, string>>;

/**
 * SigV4 for API Gateway (`execute-api`), with the AWS SDK's own signer. Loaded only when the client
 * has credentials, so a client with an API key (e.g. in a browser) never loads node:crypto.
 */
export function createSigner(
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider,
  region: string,
): RequestSigner {
  const signer = new SignatureV4({
    credentials,
    region,
    service: 'execute-api',
    sha256: Hash.bind(null, 'sha256'),
  });
  return async ({ method, url, headers, body }) => {
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of url.searchParams) {
      const existing = query[name];
      query[name] = existing === undefined ? value : [...[existing].flat(), value];
    }
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query,
      headers: { ...headers, host: url.host },
      ...(body === undefined ? {} : { body }),
    });
    // fetch sets Host itself (the same value) and refuses to be given one.
    const { host: _host, ...rest } = signed.headers;
    return rest;
  };
}
