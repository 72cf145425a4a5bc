/** `<api-id>.execute-api.<region>.amazonaws.com` (and `.amazonaws.com.cn`), API Gateway's own host names. */
const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

/** The AWS region in an API Gateway URL's host, or undefined for any other host (a custom domain). */
export function regionFromUrl(url: URL): string | undefined {
  return EXECUTE_API_HOST.exec(url.hostname.toLowerCase())?.[1];
}
