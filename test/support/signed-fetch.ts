import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * A request signed by the AWS SDK's own SigV4 signer for `execute-api`, as any SDK-based caller of
 * an IAM-authorized API Gateway signs it. Returns the headers to send (host included).
 */
export async function signRequest(
  url: string,
  init: { readonly method: string; readonly body?: string; readonly headers?: Record<string, string> },
  credentials: SigningCredentials,
  region: string,
  signingDate?: Date,
): Promise<Record<string, string>> {
  const target = new URL(url);
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of target.searchParams) {
    const existing = query[name];
    query[name] = existing === undefined ? value : [...[existing].flat(), value];
  }
  const signer = new SignatureV4({
    credentials,
    region,
    service: 'execute-api',
    sha256: Hash.bind(null, 'sha256'),
  });
  const signed = await signer.sign(
    {
      method: init.method,
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: Number(target.port) } : {}),
      path: target.pathname,
      query,
      headers: { host: target.host, ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    },
    signingDate ? { signingDate } : {},
  );
  return signed.headers as Record<string, string>;
}

/** fetch with a SigV4 signature (fetch sets the same Host itself). */
export async function signedFetch(
  url: string,
  init: { readonly method: string; readonly body?: string; readonly headers?: Record<string, string> },
  credentials: SigningCredentials,
  region: string,
): Promise<Response> {
  const { host: _host, ...headers } = await signRequest(url, init, credentials, region);
  return fetch(url, {
    method: init.method,
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
}
