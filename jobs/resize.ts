import { imageSize } from 'image-size';
import { Jimp } from 'jimp';
import { z } from 'zod';
import { defineJob, PermanentJobError } from '../src/index.ts';
import { fileKey } from './file-key.ts';
import { readSourceFile } from './source-file.ts';

const DEFAULT_WIDTH = 256;
/** The largest side the output may have, given or derived from the aspect ratio (the schema's max). */
export const MAX_SIDE = 4096;
/**
 * The most pixels an input may have: decoded at 4 bytes a pixel, 40 MP is 160 MB, which the
 * 1,024 MB worker holds with its output beside it. Checked from the file's header, before decoding.
 */
export const MAX_INPUT_PIXELS = 40_000_000;
/** The largest image file read: compressed files this large are already rare, and bombs are refused by pixels. */
export const MAX_INPUT_BYTES = 32 * 1_048_576;

type Output = { readonly mime: 'image/png' | 'image/jpeg'; readonly ext: string };

export const resize = defineJob({
  description: 'Resizes an image from the files bucket and writes it under resized/.',
  // Decoding takes up to 160 MB and a core: at most two run at once, however many workers there are.
  concurrency: 2,
  schema: z.strictObject({
    file: fileKey,
    width: z.number().int().min(1).max(4096).optional(),
    height: z.number().int().min(1).max(4096).optional(),
  }),
  handler: async (payload, { files }) => {
    const source = payload.file;
    const bytes = await readSourceFile(files, source, MAX_INPUT_BYTES);
    checkPixelBudget(source, bytes);
    const image = await decode(source, bytes);
    const originalWidth = image.width;
    const originalHeight = image.height;
    const { width, height } = targetSize(originalWidth, originalHeight, payload.width, payload.height);
    image.resize({ w: width, h: height });

    const output = outputFormat(image.mime);
    const key = `resized/${baseName(source)}-${width}x${height}.${output.ext}`;
    const resized = await image.getBuffer(output.mime);
    await files.put(key, resized, output.mime);
    return { source, key, width, height, originalWidth, originalHeight, bytes: resized.byteLength };
  },
});

async function decode(source: string, bytes: Uint8Array) {
  try {
    return await Jimp.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    // The same bytes will not decode on a retry either.
    const message = `The file "${source}" is not an image jimp can read (PNG, JPEG, GIF, BMP, TIFF).`;
    throw new PermanentJobError(message, { key: source }, { cause: error });
  }
}

/**
 * A decompression bomb (a small file of huge dimensions) is refused from its header, before a
 * byte of it is decoded: decoding would take the worker's memory, and the retries would too.
 */
function checkPixelBudget(source: string, bytes: Uint8Array): void {
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch {
    // Not a format image-size knows: decode() says so as a permanent error.
    return;
  }
  const pixels = (size.width ?? 0) * (size.height ?? 0);
  if (pixels > MAX_INPUT_PIXELS) {
    throw new PermanentJobError(
      `The image "${source}" is ${size.width}×${size.height} (${pixels} pixels); at most ${MAX_INPUT_PIXELS} pixels can be resized.`,
      { key: source, width: size.width, height: size.height, limitPixels: MAX_INPUT_PIXELS },
    );
  }
}

/**
 * Both given: exactly that. One given: the other follows the aspect ratio. None: DEFAULT_WIDTH wide.
 * A derived side is capped at MAX_SIDE like a given one (a 1×16 image resized to 4096 wide would be
 * 65,536 high, a 1 GB bitmap), and the given side shrinks with it to keep the aspect ratio.
 */
export function targetSize(
  originalWidth: number,
  originalHeight: number,
  width: number | undefined,
  height: number | undefined,
): { width: number; height: number } {
  if (width !== undefined && height !== undefined) return { width, height };
  if (height !== undefined) {
    const w = scaled(originalWidth, height / originalHeight);
    return w <= MAX_SIDE ? { width: w, height } : { width: MAX_SIDE, height: capped(height, MAX_SIDE / w) };
  }
  const w = width ?? DEFAULT_WIDTH;
  const h = scaled(originalHeight, w / originalWidth);
  return h <= MAX_SIDE ? { width: w, height: h } : { width: capped(w, MAX_SIDE / h), height: MAX_SIDE };
}

function capped(length: number, factor: number): number {
  return Math.min(MAX_SIDE, scaled(length, factor));
}

function scaled(length: number, factor: number): number {
  return Math.max(1, Math.round(length * factor));
}

/** PNG and JPEG keep their format; GIF, BMP and TIFF become PNG, which every browser shows losslessly. */
function outputFormat(mime: string | undefined): Output {
  return mime === 'image/jpeg' ? { mime: 'image/jpeg', ext: 'jpg' } : { mime: 'image/png', ext: 'png' };
}

function baseName(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
