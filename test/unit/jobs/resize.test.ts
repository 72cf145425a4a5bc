import { Jimp } from 'jimp';
import { describe, expect, it } from 'vitest';
import { PermanentJobError } from '../../../src/core/errors.ts';
import { resize } from '../../../src/jobs/resize.ts';
import { jobContext } from '../../helpers/job-context.ts';

async function image(width: number, height: number, mime: 'image/png' | 'image/jpeg' | 'image/bmp') {
  return new Uint8Array(await new Jimp({ width, height, color: 0x3366ccff }).getBuffer(mime));
}

async function withImage(key: string, bytes: Uint8Array) {
  const context = jobContext();
  await context.files.put(key, bytes);
  return context;
}

async function decoded(context: ReturnType<typeof jobContext>, key: string) {
  return Jimp.read(Buffer.from(await context.files.get(key)));
}

describe('resize', () => {
  it('defaults to 256 wide keeping the aspect ratio, and writes a PNG that decodes to that size', async () => {
    const context = await withImage('img.png', await image(640, 480, 'image/png'));
    const result = await resize({ file: 'img.png' }, context);
    expect(result).toMatchObject({
      source: 'img.png',
      key: 'resized/img-256x192.png',
      width: 256,
      height: 192,
      originalWidth: 640,
      originalHeight: 480,
    });
    const out = await decoded(context, 'resized/img-256x192.png');
    expect([out.width, out.height, out.mime]).toEqual([256, 192, 'image/png']);
    expect((result as { bytes: number }).bytes).toBe(
      (await context.files.get('resized/img-256x192.png')).length,
    );
    expect(context.files.stat('resized/img-256x192.png')?.contentType).toBe('image/png');
  });

  it('keeps the aspect ratio when only the height is given, and keeps JPEG as JPEG', async () => {
    const context = await withImage('photos/cat.jpg', await image(320, 240, 'image/jpeg'));
    const result = await resize({ file: 'photos/cat.jpg', height: 60 }, context);
    expect(result).toMatchObject({ key: 'resized/cat-80x60.jpg', width: 80, height: 60 });
    const out = await decoded(context, 'resized/cat-80x60.jpg');
    expect([out.width, out.height, out.mime]).toEqual([80, 60, 'image/jpeg']);
  });

  it('uses both dimensions when both are given, even if that stretches the image', async () => {
    const context = await withImage('img.png', await image(640, 480, 'image/png'));
    await resize({ file: 'img.png', width: 100, height: 100 }, context);
    const out = await decoded(context, 'resized/img-100x100.png');
    expect([out.width, out.height]).toEqual([100, 100]);
  });

  it('writes other formats as PNG', async () => {
    const context = await withImage('scan.bmp', await image(50, 20, 'image/bmp'));
    const result = await resize({ file: 'scan.bmp', width: 25 }, context);
    expect(result).toMatchObject({ key: 'resized/scan-25x10.png' });
    expect((await decoded(context, 'resized/scan-25x10.png')).mime).toBe('image/png');
  });

  it('fails permanently, naming the key, when the file does not exist', async () => {
    const error = await resize({ file: 'nope.png' }, jobContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toContain('"nope.png"');
  });

  it('fails permanently when the file is not an image', async () => {
    const context = await withImage('notes.png', new TextEncoder().encode('not really a png'));
    await expect(resize({ file: 'notes.png' }, context)).rejects.toBeInstanceOf(PermanentJobError);
    expect(await context.files.list('resized/')).toEqual([]);
  });
});
