import { randomBytes, randomInt } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InvokePolicyModel } from '../template/invoke-policies.ts';

/** A local stand-in for an IAM user: long-term keys and the one policy attached to it. */
export interface LocalIdentity {
  /** The profile name in the credentials file, e.g. `api-read`. */
  readonly name: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** `arn:aws:iam::<account>:user/<name>`, as `$context.identity.userArn` shows it. */
  readonly arn: string;
  /** The user's unique id (`AIDA…`), as `$context.identity.caller` and `user` show it. */
  readonly userId: string;
  readonly policy: InvokePolicyModel;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const randomId = (prefix: string) =>
  prefix + Array.from({ length: 16 }, () => BASE32[randomInt(BASE32.length)]).join('');

/**
 * One identity per policy that grants execute-api:Invoke on the API, written to
 * <stateDir>/credentials in the AWS shared-credentials format (owner-readable only), so any AWS SDK
 * or CLI signs as one with `AWS_SHARED_CREDENTIALS_FILE=<file> AWS_PROFILE=<name>`. Keys survive
 * restarts, as IAM users' keys do; delete the file to rotate them all.
 */
export async function provisionIdentities(
  stateDir: string,
  policies: readonly InvokePolicyModel[],
  accountId: string,
): Promise<{ readonly file: string; readonly identities: readonly LocalIdentity[] }> {
  const file = path.join(stateDir, 'credentials');
  const previous = parseCredentials(await readFile(file, 'utf8').catch(() => ''));
  const identities = policies.map((policy): LocalIdentity => {
    const kept = previous.get(policy.identity);
    return {
      name: policy.identity,
      accessKeyId: kept?.aws_access_key_id ?? randomId('AKIA'),
      secretAccessKey: kept?.aws_secret_access_key ?? randomBytes(30).toString('base64'),
      arn: `arn:aws:iam::${accountId}:user/${policy.identity}`,
      userId: kept?.sqs_jobs_user_id ?? randomId('AIDA'),
      policy,
    };
  });
  const text = [
    '# Local identities of the sqs-jobs runtime: one per IAM policy that may invoke the API.',
    '# Sign as one: AWS_SHARED_CREDENTIALS_FILE=<this file> AWS_PROFILE=<name>. Delete the file to rotate.',
    ...identities.flatMap((identity) => [
      '',
      `[${identity.name}]`,
      `aws_access_key_id = ${identity.accessKeyId}`,
      `aws_secret_access_key = ${identity.secretAccessKey}`,
      `sqs_jobs_user_id = ${identity.userId}`,
      `sqs_jobs_policy = ${identity.policy.logicalId}`,
    ]),
    '',
  ].join('\n');
  await writeFile(file, text, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file.
  await chmod(file, 0o600);
  return { file, identities };
}

/** The sections of an INI credentials file, each as its key = value pairs. */
export function parseCredentials(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (section) {
      current = {};
      sections.set((section[1] as string).trim(), current);
      continue;
    }
    const pair = /^\s*([\w.-]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (pair && current) current[pair[1] as string] = pair[2] as string;
  }
  return sections;
}
