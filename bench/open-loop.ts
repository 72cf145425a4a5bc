import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { post } from './http-load.ts';
import type { Submitted } from './submit.ts';

/** When each of a steady rate's sends is due, in ms from the start: evenly spaced, no bursts. */
export function sendSchedule(ratePerSecond: number, seconds: number): number[] {
  const count = Math.floor(ratePerSecond * seconds);
  return Array.from({ length: count }, (_, i) => (i * 1000) / ratePerSecond);
}

/**
 * POSTs `body` to `url` on schedule whatever the earlier requests are doing (an open loop: a slow
 * answer delays no later send, so queueing shows up in the latencies instead of lowering the rate).
 * A send the event loop made late goes at once and records when it actually went.
 */
export async function openLoop(
  url: string,
  body: string,
  schedule: readonly number[],
  onAnswered?: (answered: number) => void,
): Promise<Submitted[]> {
  const agent = new Agent({ keepAlive: true });
  const started = performance.now();
  let answered = 0;
  const sends: Promise<Submitted>[] = [];
  try {
    for (const due of schedule) {
      const wait = due - (performance.now() - started);
      if (wait > 0) await sleep(wait);
      const sentAt = Date.now();
      sends.push(
        post(url, body, agent).then(({ status, text }) => {
          if (status < 200 || status >= 300) throw new Error(`POST ${url} answered ${status}: ${text}`);
          onAnswered?.(++answered);
          return { id: String((JSON.parse(text) as { id?: unknown }).id), sentAt };
        }),
      );
    }
    return await Promise.all(sends);
  } finally {
    // Whatever failed, no request is left holding a socket.
    await Promise.allSettled(sends);
    agent.destroy();
  }
}
