#!/usr/bin/env node
// The sqs-jobs CLI, in this process (no wrapper process, so signals reach it as they reach
// `npm start`). The installed package runs its compiled JavaScript; a checkout of the repository,
// which has the TypeScript sources and tsx, runs those.
import { existsSync } from 'node:fs';

// Node 24 is what the functions run on in Lambda and what sqs-jobs is tested on (the repository's
// child processes also rely on its type stripping); an older Node would fail later and less clearly.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`sqs-jobs: needs Node.js 24 or later; this is ${process.version}.\n`);
  process.exit(1);
}

const sources = new URL('../cli/sqs-jobs.ts', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(sources.href);
} else {
  await import('../dist/cli/sqs-jobs.js');
}
