import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateCloudAssembly } from '../../../local/synth.ts';
import { type CloudAssembly, loadCloudAssembly } from '../../../local/template/assembly.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The project's real cloud assembly: cdk.out when it is newer than the sources, else a fresh
 * synth into cdk.out (as `npm start` does), so the tests also pass on a clean clone.
 */
export async function synthesizedAssembly(): Promise<CloudAssembly> {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'sqs-jobs-unit-'));
  const { dir } = await locateCloudAssembly({ projectRoot: ROOT, stateDir });
  return loadCloudAssembly(dir);
}
