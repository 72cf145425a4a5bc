import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Lock files NodejsFunction understands, in the order a folder is checked for them. */
const LOCK_FILES = ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb', 'bun.lock'];

/** The app project the functions are bundled in: its root folder and its dependency lock file. */
export interface AppProject {
  readonly root: string;
  readonly lockFile: string;
  /** The project's tsconfig.json, when it has one (esbuild reads its paths and settings). */
  readonly tsconfig?: string;
}

/** The jobs module is missing, or no lock file is found above it. */
export class AppProjectError extends Error {
  override readonly name = 'AppProjectError';
}

/**
 * The project a jobs module belongs to: the nearest folder, from the module's up, holding a lock
 * file (as npm, pnpm and yarn find their project). The functions are bundled with that project's
 * dependencies, so the versions deployed are the ones the project locked and tested.
 */
export function findAppProject(jobsModule: string): AppProject {
  if (!existsSync(jobsModule) || !statSync(jobsModule).isFile())
    throw new AppProjectError(
      `SqsJobs: the jobs module ${jobsModule} does not exist (the jobs prop is a file path, absolute or relative to the folder cdk runs in).`,
    );
  for (let dir = path.dirname(jobsModule); ; dir = path.dirname(dir)) {
    const lockFile = LOCK_FILES.map((name) => path.join(dir, name)).find((file) => existsSync(file));
    if (lockFile) {
      const tsconfig = path.join(dir, 'tsconfig.json');
      return { root: dir, lockFile, ...(existsSync(tsconfig) ? { tsconfig } : {}) };
    }
    if (path.dirname(dir) === dir)
      throw new AppProjectError(
        `SqsJobs: no lock file (${LOCK_FILES.join(', ')}) in the folders above ${jobsModule}; install the project's dependencies first (npm install).`,
      );
  }
}
