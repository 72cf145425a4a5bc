import { Jimp } from 'jimp';
import type { z } from 'zod';
import { PermanentJobError } from '../core/errors.ts';
import type { JobHandler } from '../core/registry.ts';
import { readSourceFile } from './source-file.ts';
import type { jobSpecs } from './specs.ts';

const DEFAULT_WIDTH = 256;

type Output = { readonly mime: 'image/png' | 'image/jpeg'; readonly ext: string };

export const resize: JobHandler<z.output<typeof jobSpecs.resize.schema>> = async (payload, { files }) => {
  const source = payload.file;
  const bytes = await readSourceFile(files, source);
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
};

async function decode(source: string, bytes: Uint8Array) {
  try {
    return await Jimp.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    // The same bytes will not decode on a retry either.
    const message = `The file "${source}" is not an image jimp can read (PNG, JPEG, GIF, BMP, TIFF).`;
    throw new PermanentJobError(message, { key: source }, { cause: error });
  }
}

/** Both given: exactly that. One given: the other follows the aspect ratio. None: DEFAULT_WIDTH wide. */
export function targetSize(
  originalWidth: number,
  originalHeight: number,
  width: number | undefined,
  height: number | undefined,
): { width: number; height: number } {
  if (width !== undefined && height !== undefined) return { width, height };
  if (height !== undefined) return { width: scaled(originalWidth, height / originalHeight), height };
  const w = width ?? DEFAULT_WIDTH;
  return { width: w, height: scaled(originalHeight, w / originalWidth) };
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
