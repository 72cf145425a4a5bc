// Compiled by tsc with the rest of the project, never run: every line marked below must be a type
// error, or tsc reports the marker as unused and fails.
import { createClient } from 'sqs-jobs/client';
import type jobs from './jobs.ts';

const client = createClient<typeof jobs>({ url: 'http://127.0.0.1:1' });
export async function never(): Promise<void> {
  // @ts-expect-error an unknown job type
  await client.enqueue('email', { to: 'ada@example.com' });
  // @ts-expect-error a payload missing its required field
  await client.enqueue('greet', { shout: true });
  // @ts-expect-error a field of the wrong type
  await client.enqueue('greet', { name: 42 });
  const job = await client.waitFor(await client.enqueue('greet', { name: 'x' }).then((e) => e.id));
  if (job.status === 'completed') {
    // @ts-expect-error the result has no such field
    job.result.farewell;
  }
}
