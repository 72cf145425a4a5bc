import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SynthError } from '../errors.ts';
import type { Template } from './types.ts';

/** The one stack of a cloud assembly (a `cdk.out` folder), with its template. */
export interface CloudAssembly {
  readonly dir: string;
  readonly stackName: string;
  /** Region from the manifest's environment, unless the stack is environment-agnostic. */
  readonly region: string | undefined;
  readonly template: Template;
}

interface ManifestArtifact {
  readonly type?: string;
  readonly environment?: string;
  readonly displayName?: string;
  readonly properties?: { readonly templateFile?: string; readonly stackName?: string };
}

interface Manifest {
  readonly artifacts?: Readonly<Record<string, ManifestArtifact>>;
}

export async function loadCloudAssembly(dir: string): Promise<CloudAssembly> {
  const manifest = await readJson<Manifest>(path.join(dir, 'manifest.json'));
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(
    ([, artifact]) => artifact.type === 'aws:cloudformation:stack',
  );
  if (stacks.length !== 1) {
    throw new SynthError(
      `${dir}/manifest.json has ${stacks.length} CloudFormation stacks (${stacks.map(([id]) => id).join(', ') || 'none'}); the local runtime runs exactly one.`,
    );
  }
  const [artifactId, artifact] = stacks[0] as [string, ManifestArtifact];
  const templateFile = artifact.properties?.templateFile;
  if (!templateFile)
    throw new SynthError(`Stack ${artifactId} in ${dir}/manifest.json names no template file.`);
  const template = await readJson<Template>(path.join(dir, templateFile));
  if (typeof template.Resources !== 'object' || template.Resources === null) {
    throw new SynthError(`${path.join(dir, templateFile)} has no Resources.`);
  }
  return {
    dir,
    stackName: artifact.properties?.stackName ?? artifactId,
    region: regionOf(artifact.environment),
    template,
  };
}

/** "aws://unknown-account/us-east-1" → "us-east-1"; environment-agnostic stacks say "unknown-region". */
function regionOf(environment: string | undefined): string | undefined {
  const region = environment?.split('/').at(-1);
  return region && region !== 'unknown-region' ? region : undefined;
}

async function readJson<T>(file: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SynthError(`Cannot read ${file}: is this a cloud assembly (cdk.out)?`, { cause: error });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new SynthError(`${file} is not valid JSON.`, { cause: error });
  }
}
