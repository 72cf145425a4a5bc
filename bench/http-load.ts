import { Agent, request } from 'node:http';

/**
 * POSTs `bodies` to `url` with at most `concurrency` requests in flight, over keep-alive sockets.
 * Returns the responses' parsed JSON in order; a non-2xx answer aborts the run (a benchmark that
 * silently drops jobs would report a fiction).
 */
export async function postAll(
  url: string,
  bodies: readonly string[],
  concurrency: number,
  /** Called after each answer with how many have come back. */
  onAnswer?: (answered: number) => void,
): Promise<Array<{ status: number; body: Record<string, unknown>; sentAt: number }>> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const results: Array<{ status: number; body: Record<string, unknown>; sentAt: number }> = new Array(
    bodies.length,
  );
  let next = 0;
  let answered = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const i = next++;
      const sentAt = Date.now();
      const { status, text } = await post(url, bodies[i]!, agent);
      if (status < 200 || status >= 300) throw new Error(`POST ${url} answered ${status}: ${text}`);
      results[i] = { status, body: JSON.parse(text) as Record<string, unknown>, sentAt };
      onAnswer?.(++answered);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return results;
}

/** One POST of a JSON body over `agent`; resolves with the status and the answer's text. */
export function post(url: string, body: string, agent: Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
