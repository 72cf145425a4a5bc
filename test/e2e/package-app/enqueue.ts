// Enqueues through the typed client and waits for the typed result; prints it as one JSON line.
import { createClient } from 'sqs-jobs/client';
// Type-only: the client never bundles the handlers.
import type jobs from './jobs.ts';

const url = process.env.SQS_JOBS_API_URL;
if (!url) throw new Error('SQS_JOBS_API_URL is not set');
const client = createClient<typeof jobs>({ url });

const { id } = await client.enqueue('greet', { name: 'Ada', shout: true });
const job = await client.waitFor(id, { timeoutMs: 60_000 });
if (job.status !== 'completed') throw new Error(`job ${id} ended ${job.status}`);
// The handler's return type, with no cast: a wrong field here fails tsc.
const greeting: string = job.result.greeting;
const attempt: number = job.result.attempt;

// The API's errors come back typed: an unknown job's code.
const missing = await client.get('00000000-0000-4000-8000-000000000000').then(
  () => 'found',
  (error: { code?: string }) => error.code,
);
console.log(JSON.stringify({ id, type: job.type, status: job.status, greeting, attempt, missing }));
