/**
 * What the e2e suite runs against. The API function answers the same everywhere; what API Gateway
 * answers itself (unknown routes, API keys, throttles, size limits) differs on LocalStack.
 */
export const E2E_TARGETS = ['embedded', 'localstack', 'aws'] as const;
export type E2eTarget = (typeof E2E_TARGETS)[number];

export class E2eTargetError extends Error {
  override readonly name = 'E2eTargetError';
}

/**
 * SQS_JOBS_E2E_TARGET, or what SQS_JOBS_API_URL says: no URL is the embedded runtime the global setup
 * starts; an `execute-api` URL on `localhost.localstack.cloud` (or LocalStack's `_user_request_` path)
 * is LocalStack; one on `amazonaws.com` is AWS. Any other URL (a runtime you started yourself, a custom
 * domain) needs the variable.
 */
export function resolveTarget(env: { readonly target?: string; readonly apiUrl?: string }): E2eTarget {
  const given = env.target?.trim() || undefined;
  if (given !== undefined && !(E2E_TARGETS as readonly string[]).includes(given)) {
    throw new E2eTargetError(`SQS_JOBS_E2E_TARGET must be one of ${E2E_TARGETS.join(', ')}; got "${given}".`);
  }
  const target = given as E2eTarget | undefined;
  if (!env.apiUrl) {
    if (target !== undefined && target !== 'embedded') {
      throw new E2eTargetError(
        `SQS_JOBS_E2E_TARGET=${target} needs SQS_JOBS_API_URL: the suite starts only the embedded runtime itself.`,
      );
    }
    return 'embedded';
  }
  if (target) return target;
  let url: URL;
  try {
    url = new URL(env.apiUrl);
  } catch {
    throw new E2eTargetError(`SQS_JOBS_API_URL is not a URL: "${env.apiUrl}".`);
  }
  const host = url.hostname.toLowerCase();
  if (host.endsWith('.localstack.cloud') || url.pathname.includes('/_user_request_')) return 'localstack';
  if (host.endsWith('.amazonaws.com') || host.endsWith('.amazonaws.com.cn')) return 'aws';
  throw new E2eTargetError(
    `Cannot tell what ${env.apiUrl} runs on: set SQS_JOBS_E2E_TARGET to ${E2E_TARGETS.join(', ')}.`,
  );
}
