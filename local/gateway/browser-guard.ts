import { isIP } from 'node:net';

/**
 * The local gateway listens on loopback with no key by default, so a web page the developer opens
 * could otherwise drive it: a cross-origin `fetch` with a `text/plain` or form body needs no CORS
 * preflight, and DNS rebinding (a hostile name that resolves to 127.0.0.1) would even let the page
 * read the answers. API Gateway has neither problem, so neither has a place in the template.
 *
 * - `Host` must name this machine (localhost, *.localhost, a 127.x address, ::1) or the address the
 *   gateway was bound to; a rebinding attack arrives with its own domain in `Host`. A gateway bound
 *   to every interface (0.0.0.0, ::) was opened on purpose and accepts any `Host`.
 * - A request with an `Origin` (browsers send it on every cross-origin request, and on same-origin
 *   POSTs) must come from the gateway's own origin: the stack configures no CORS. curl, SDKs and
 *   scripts send no `Origin` and are not affected.
 */
export type BrowserVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: 'ForbiddenHost' | 'CrossOriginRequest';
      readonly message: string;
    };

const OK: BrowserVerdict = { ok: true };

export function checkBrowserRequest(
  headers: { readonly host?: string | undefined; readonly origin?: string | undefined },
  boundHost: string,
): BrowserVerdict {
  const host = headers.host?.trim().toLowerCase();
  if (host !== undefined && host !== '' && !isAllowedHost(hostnameOf(host), boundHost)) {
    return {
      ok: false,
      code: 'ForbiddenHost',
      message: `This local API answers only requests addressed to this machine (Host: localhost or 127.0.0.1), not to "${hostnameOf(host)}".`,
    };
  }
  const origin = headers.origin?.trim();
  if (origin === undefined || origin === '') return OK;
  if (host !== undefined && sameOrigin(origin, host)) return OK;
  return {
    ok: false,
    code: 'CrossOriginRequest',
    message: `Requests from web pages of another origin (${origin.slice(0, 200)}) are refused: the stack configures no CORS.`,
  };
}

/** "localhost:8080" → "localhost", "[::1]:8080" → "::1". */
function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') > 0 ? host.indexOf(']') : undefined);
  const colon = host.lastIndexOf(':');
  return colon > 0 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

function isAllowedHost(hostname: string, boundHost: string): boolean {
  const bound = boundHost.toLowerCase().replace(/^\[|\]$/g, '');
  if (bound === '0.0.0.0' || bound === '::') return true;
  if (hostname === bound) return true;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (isIP(hostname) === 4) return hostname.startsWith('127.');
  return hostname === '::1';
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && url.host.toLowerCase() === host;
  } catch {
    return false;
  }
}
