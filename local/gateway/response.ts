/** An HTTP response ready to write; headers as a list because Set-Cookie and friends repeat. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
}

/**
 * Turns a proxy integration result into the HTTP response API Gateway would send, or explains why
 * API Gateway would call it malformed (and answer 502).
 */
export function proxyResultToHttp(value: unknown): HttpResponse | { readonly malformed: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { malformed: `the result is ${value === null ? 'null' : typeof value}, not an object` };
  }
  const result = value as Record<string, unknown>;
  const statusCode = Number(result.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    return { malformed: `statusCode ${JSON.stringify(result.statusCode)} is not an HTTP status` };
  }
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string') {
    return { malformed: `body must be a string, got ${typeof result.body}` };
  }
  const headers: [string, string][] = [];
  const multi = result.multiValueHeaders;
  if (multi !== undefined && multi !== null) {
    if (typeof multi !== 'object' || Array.isArray(multi))
      return { malformed: 'multiValueHeaders is not an object' };
    for (const [name, values] of Object.entries(multi)) {
      if (!Array.isArray(values)) return { malformed: `multiValueHeaders.${name} is not a list` };
      for (const item of values) headers.push([name, String(item)]);
    }
  }
  const single = result.headers;
  if (single !== undefined && single !== null) {
    if (typeof single !== 'object' || Array.isArray(single)) return { malformed: 'headers is not an object' };
    // When both name a header, API Gateway keeps only the multiValueHeaders values.
    const taken = new Set(headers.map(([name]) => name.toLowerCase()));
    for (const [name, item] of Object.entries(single)) {
      if (typeof item === 'object' && item !== null) return { malformed: `headers.${name} is not a string` };
      if (!taken.has(name.toLowerCase())) headers.push([name, String(item)]);
    }
  }
  const body = typeof result.body === 'string' ? result.body : '';
  return {
    statusCode,
    headers,
    body: result.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8'),
  };
}
