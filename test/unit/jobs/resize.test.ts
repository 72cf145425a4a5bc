import { Jimp } from 'jimp';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_PIXELS, MAX_SIDE, resize } from '../../../jobs/resize.ts';
import { PermanentJobError } from '../../../src/core/errors.ts';
import { jobContext } from '../../helpers/job-context.ts';
import { pngBomb } from '../../helpers/png-bomb.ts';

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
    const result = await resize.handler({ file: 'img.png' }, context);
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
    const result = await resize.handler({ file: 'photos/cat.jpg', height: 60 }, context);
    expect(result).toMatchObject({ key: 'resized/cat-80x60.jpg', width: 80, height: 60 });
    const out = await decoded(context, 'resized/cat-80x60.jpg');
    expect([out.width, out.height, out.mime]).toEqual([80, 60, 'image/jpeg']);
  });

  it('uses both dimensions when both are given, even if that stretches the image', async () => {
    const context = await withImage('img.png', await image(640, 480, 'image/png'));
    await resize.handler({ file: 'img.png', width: 100, height: 100 }, context);
    const out = await decoded(context, 'resized/img-100x100.png');
    expect([out.width, out.height]).toEqual([100, 100]);
  });

  it('caps a side derived from the aspect ratio: a 1×16 image made 4096 wide is 256×4096, not 4096×65536', async () => {
    const context = await withImage('thin.png', await image(1, 16, 'image/png'));
    const result = await resize.handler({ file: 'thin.png', width: 4096 }, context);
    expect(result).toMatchObject({ width: 256, height: MAX_SIDE });
    const tall = await withImage('flat.png', await image(16, 1, 'image/png'));
    expect(await resize.handler({ file: 'flat.png', height: 4096 }, tall)).toMatchObject({
      width: MAX_SIDE,
      height: 256,
    });
  });

  it('refuses a decompression bomb from its header, before decoding, as a permanent error', async () => {
    // 20,000 × 20,000 claimed by the header (400 MP, 1.6 GB decoded), no pixels.
    const context = await withImage('bomb.png', new Uint8Array(pngBomb(20_000)));
    const refused = resize.handler({ file: 'bomb.png', width: 10 }, context);
    await expect(refused).rejects.toBeInstanceOf(PermanentJobError);
    await expect(refused).rejects.toThrow(
      `20000×20000 (400000000 pixels); at most ${MAX_INPUT_PIXELS} pixels`,
    );
  });

  it('writes other formats as PNG', async () => {
    const context = await withImage('scan.bmp', await image(50, 20, 'image/bmp'));
    const result = await resize.handler({ file: 'scan.bmp', width: 25 }, context);
    expect(result).toMatchObject({ key: 'resized/scan-25x10.png' });
    expect((await decoded(context, 'resized/scan-25x10.png')).mime).toBe('image/png');
  });

  it('fails permanently, naming the key, when the file does not exist', async () => {
    const error = await resize.handler({ file: 'nope.png' }, jobContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentJobError);
    expect((error as Error).message).toContain('"nope.png"');
  });

  it('fails permanently when the file is not an image', async () => {
    const context = await withImage('notes.png', new TextEncoder().encode('not really a png'));
    await expect(resize.handler({ file: 'notes.png' }, context)).rejects.toBeInstanceOf(PermanentJobError);
    expect(await context.files.list('resized/')).toEqual([]);
  });
});
