import { execFile } from 'node:child_process';
import { existsSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RuntimeProcess, startRuntimeProcess } from '../local-runtime-process.ts';
import { tempStateDir } from './harness.ts';

const run = promisify(execFile);

/**
 * Debian's AWS CLI (2.9.19 on Debian 12) speaks SQS's query protocol; newer ones (and aws-cli 1.x
 * with botocore ≥ 1.31) the JSON protocol. The startup listing's commands must work with both, so
 * each printed line runs with Debian's and with any other `aws` on PATH.
 */
const DEBIAN_AWS = '/usr/bin/aws';
const clis = [
  ...new Set(
    [DEBIAN_AWS, ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'aws'))]
      .filter((file) => existsSync(file))
      .map((file) => realpathSync(file)),
  ),
];
const missing = !existsSync(DEBIAN_AWS);
if (missing && process.env.CI) {
  throw new Error(`${DEBIAN_AWS} is missing: .ci/run installs Debian's awscli (apt-get install awscli).`);
}
if (missing) console.warn(`Skipping the AWS CLI checks: no ${DEBIAN_AWS} (apt-get install awscli).`);

const stateDir = tempStateDir('aws-cli');
let runtime: RuntimeProcess;

describe.skipIf(!inject('embedded') || missing)(
  'the startup listing’s AWS CLI commands, run as printed',
  () => {
    beforeAll(async () => {
      runtime = await startRuntimeProcess({ stateDir });
    }, 120_000);
    afterAll(async () => {
      await runtime?.stop('SIGINT');
      rmSync(stateDir, { recursive: true, force: true });
    });

    /** `aws …` commands as the listing prints them, after the endpoint on the DynamoDB, SQS, S3 rows. */
    const printed = () => {
      const lines = runtime.output().split('\n');
      const command = (label: string) => {
        const line = lines.find((text) => text.startsWith(`${label} `)) ?? '';
        return /\s{3}(aws .+)$/.exec(line)?.[1] ?? '';
      };
      return { dynamodb: command('DynamoDB'), sqs: command('SQS'), s3: command('S3') };
    };
    const names = (label: string) => {
      const lines = runtime.output().split('\n');
      const start = lines.findIndex((text) => text.startsWith(label));
      const rows = [lines[start] ?? ''];
      for (const text of lines.slice(start + 1)) {
        if (!text.startsWith(' ')) break;
        rows.push(text);
      }
      return rows.map((text) => text.slice(11).split(/\s+/)[0] ?? '');
    };

    async function runPrinted(cli: string, line: string): Promise<string> {
      // The line is plain words (no quotes); a user's shell splits it the same way.
      const [program, ...args] = line.split(/\s+/);
      expect(program).toBe('aws');
      const { stdout } = await run(cli, [...args, '--output', 'json'], {
        env: {
          ...process.env,
          // As the listing says: the emulators take any credentials. No profile, no pager.
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_PAGER: '',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
        timeout: 60_000,
      });
      return stdout;
    }

    it('prints real names: the physical table and bucket, no placeholders', () => {
      const { dynamodb, sqs, s3 } = printed();
      expect(dynamodb).toMatch(
        /^aws --endpoint-url http:\/\/127\.0\.0\.1:\d+ --region \S+ dynamodb scan --table-name \S+$/,
      );
      expect(dynamodb.endsWith(` --table-name ${names('Tables')[0]}`)).toBe(true);
      expect(sqs).toMatch(/^aws --endpoint-url http:\/\/127\.0\.0\.1:\d+ --region \S+ sqs list-queues$/);
      expect(s3.endsWith(` s3 ls s3://${names('Buckets')[0]}`)).toBe(true);
      expect(`${dynamodb}${sqs}${s3}`).not.toMatch(/[<>…]/);
    });

    for (const cli of clis) {
      it(`${cli}: every printed command exits 0 and answers for the stack's own resources`, async () => {
        const { stdout: version } = await run(cli, ['--version']);
        console.info(`${cli}: ${version.trim()}`);
        const { dynamodb, sqs, s3 } = printed();

        const queues = JSON.parse(await runPrinted(cli, sqs)) as { QueueUrls: string[] };
        const queueNames = queues.QueueUrls.map((url) => url.split('/').pop());
        expect(queueNames.sort()).toEqual(names('Queues').sort());

        // A scan of a table that does not exist fails (ResourceNotFoundException): exit 0 proves the name.
        const scan = JSON.parse(await runPrinted(cli, dynamodb)) as { Count: number };
        expect(scan.Count).toBeGreaterThanOrEqual(0);

        // npm start seeds the files bucket; a wrong bucket name would fail with NoSuchBucket.
        expect(await runPrinted(cli, s3)).toContain('img.png');
      }, 120_000);
    }
  },
);
