import { request as httpRequest } from 'node:http';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { pngBomb } from '../helpers/png-bomb.ts';
import { apiClient, isFinished } from './client.ts';

/**
 * Payloads and requests from the security review (issue 11): none may wipe data, exhaust a worker,
 * reach DynamoDB as a 500, or drive the local API from a web page.
 */
const api = apiClient(inject('apiUrl'));

async function run(body: object): Promise<Record<string, unknown>> {
  const submitted = await api.post<{ id: string }>('/jobs', JSON.stringify(body));
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  return api.waitForJob(submitted.body.id, isFinished, 60_000);
}

describe('hostile payloads', () => {
  it('a cleanup outside the scratch area is refused at submission, naming the field', async () => {
    const res = await api.post<{ error: { code: string; message: string } }>(
      '/jobs',
      JSON.stringify({ type: 'cleanup', prefix: 'd', olderThanSeconds: 0 }),
    );
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain('prefix');
  });

  it('the bucket keeps its inputs through a cleanup of everything old, and the worker survives the resize chain', async () => {
    expect(await run({ type: 'cleanup', prefix: 'tmp/', olderThanSeconds: 0 })).toMatchObject({
      status: 'completed',
    });
    // resize img.png to 1×16, then that file to 4096 wide: its height would be 65,536 (a 1 GB bitmap).
    const thin = await run({ type: 'resize', file: 'img.png', width: 1, height: 16 });
    expect(thin).toMatchObject({ status: 'completed', result: { width: 1, height: 16 } });
    const key = (thin.result as { key: string }).key;
    expect(await run({ type: 'resize', file: key, width: 4096 })).toMatchObject({
      status: 'completed',
      attempts: 1,
      result: { width: 256, height: 4096 },
    });
  }, 120_000);

  it('a tampered list cursor (an empty job id) is a 400, not a 500', async () => {
    const cursor = Buffer.from(
      JSON.stringify({ v: 1, p: { pending: { u: '2026-01-01T00:00:00.000Z', i: '' } } }),
    ).toString('base64url');
    const res = await api.get<{ error: { code: string } }>(`/jobs?status=pending&cursor=${cursor}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('InvalidCursor');
  });
});

// Files reach the bucket through S3, not the API: this uses the embedded runtime's S3 endpoint.
describe.skipIf(!inject('embedded'))('hostile files in the bucket', () => {
  it('a decompression bomb and an oversized CSV fail at once, for good, and the worker runs the next job', async () => {
    const s3 = new S3Client({
      endpoint: inject('sqsEndpoint'),
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Buckets = [] } = await s3.send(new ListBucketsCommand({}));
    const bucket = Buckets.map((b) => b.Name ?? '').find((name) => /files/i.test(name));
    expect(bucket, JSON.stringify(Buckets)).toBeDefined();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tmp/bomb.png', Body: pngBomb() }));
    // 18 MB, over the 16 MB CSV limit, in two parts (the emulator takes at most 11 MB per request).
    const part = Buffer.from('1\n'.repeat(4_500_000));
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'tmp/huge.csv' }),
    );
    const parts = [];
    for (const PartNumber of [1, 2]) {
      const body = PartNumber === 1 ? Buffer.concat([Buffer.from('n\n'), part]) : part;
      const { ETag } = await s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: 'tmp/huge.csv', UploadId, PartNumber, Body: body }),
      );
      parts.push({ ETag, PartNumber });
    }
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'tmp/huge.csv',
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );

    const bomb = await run({ type: 'resize', file: 'tmp/bomb.png', width: 100 });
    expect(bomb).toMatchObject({ status: 'failed', attempts: 1 });
    expect(JSON.stringify(bomb.error)).toContain('400000000 pixels');
    const csv = await run({ type: 'data', file: 'tmp/huge.csv' });
    expect(csv).toMatchObject({ status: 'failed', attempts: 1 });
    expect(JSON.stringify(csv.error)).toContain('at most 16.0 MB');
    expect(await run({ type: 'noop' })).toMatchObject({ status: 'completed' });
  }, 120_000);
});

describe.skipIf(!inject('embedded'))('web pages against the local API', () => {
  const url = new URL(inject('apiUrl'));
  const send = (headers: Record<string, string>) =>
    new Promise<{ status: number; code: string | undefined }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: '/jobs',
          method: 'POST',
          headers: { 'content-type': 'text/plain', ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('end', () => {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { code?: string } };
            resolve({ status: res.statusCode ?? 0, code: body.error?.code });
          });
        },
      );
      req.once('error', reject);
      req.end(JSON.stringify({ type: 'noop' }));
    });
  const key: Record<string, string> = process.env.SQS_JOBS_API_KEY
    ? { 'x-api-key': process.env.SQS_JOBS_API_KEY }
    : {};

  it('refuses a foreign Host (DNS rebinding) and a cross-origin POST; curl-style requests still work', async () => {
    expect(await send({ ...key, host: 'rebind.evil.example' })).toEqual({
      status: 403,
      code: 'ForbiddenHost',
    });
    expect(await send({ ...key, origin: 'http://evil.example' })).toEqual({
      status: 403,
      code: 'CrossOriginRequest',
    });
    expect((await send({ ...key })).status).toBe(202);
  });
});
