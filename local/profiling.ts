import path from 'node:path';

/**
 * SQS_JOBS_CPU_PROF=<dir> makes every child the runtime forks (function instances and emulators)
 * write a V8 CPU profile into <dir>/<function or emulator>/ when it exits (open the .cpuprofile files in Chrome DevTools). The
 * runtime's own process takes node's --cpu-prof as usual. Used by `npm run bench -- --cpu-prof`.
 */
export function profilingFlags(label: string): string[] {
  const dir = process.env.SQS_JOBS_CPU_PROF;
  if (!dir) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, label.replace(/[^\w-]+/g, '-'))}`];
}
