import type { S3Client } from '@aws-sdk/client-s3';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { FileDeleteError, FileNotFoundError, FileTooLargeError } from '../../core/errors.ts';
import type { FileStore, StoredFile } from '../../core/ports.ts';

/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1_000;

/** The files bucket over S3. Only stores and translates S3's errors into the core's. */
export function createS3FileStore(s3: S3Client, bucket: string): FileStore {
  return {
    get: (key, options) => getFile(s3, bucket, key, options?.maxBytes),
    put: (key, body, contentType) => putFile(s3, bucket, key, body, contentType),
    list: (prefix) => listFiles(s3, bucket, prefix),
    delete: (keys) => deleteFiles(s3, bucket, keys),
  };
}

async function getFile(
  s3: S3Client,
  bucket: string,
  key: string,
  maxBytes: number | undefined,
): Promise<Uint8Array> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const size = response.ContentLength ?? 0;
    if (maxBytes !== undefined && size > maxBytes) {
      // The headers are in, the body not yet: drop the connection instead of downloading it.
      (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new FileTooLargeError(key, size, maxBytes);
    }
    return response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
  } catch (error) {
    if (error instanceof NoSuchKey) {
      throw new FileNotFoundError(key, { cause: error });
    }
    throw error;
  }
}

async function putFile(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
  contentType: string | undefined,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ...(contentType ? { ContentType: contentType } : {}),
    }),
  );
}

async function listFiles(s3: S3Client, bucket: string, prefix: string): Promise<StoredFile[]> {
  const files: StoredFile[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined) continue;
      files.push({
        key: object.Key,
        size: object.Size ?? 0,
        lastModified: object.LastModified ?? new Date(0),
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return files;
}

async function deleteFiles(s3: S3Client, bucket: string, keys: readonly string[]): Promise<number> {
  let deleted = 0;
  const unique = [...new Set(keys)];
  for (let start = 0; start < unique.length; start += DELETE_BATCH) {
    const batch = unique.slice(start, start + DELETE_BATCH);
    const response = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: false },
      }),
    );
    deleted += response.Deleted?.length ?? 0;
    // DeleteObjects answers 200 even when some keys failed; a silent partial delete would lie to the caller.
    const errors = response.Errors ?? [];
    if (errors.length > 0) {
      throw new FileDeleteError(errors.map((e) => `${e.Key ?? '?'} (${e.Code ?? 'error'})`));
    }
  }
  return deleted;
}
