import type { JimpInstance } from 'jimp';
import { Jimp } from 'jimp';
import type { FileStore } from '../src/index.ts';

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];

/**
 * Puts sample inputs in the files bucket so every job type can be tried at once, e.g.
 * {"type":"resize","file":"img.png"}. Files already there are left alone; returns the keys written.
 */
export async function seedSampleFiles(files: FileStore): Promise<string[]> {
  const samples: readonly { key: string; contentType: string; make: () => Promise<Uint8Array | string> }[] = [
    { key: 'img.png', contentType: 'image/png', make: gradientPng },
    { key: 'photos/cat.jpg', contentType: 'image/jpeg', make: catJpeg },
    { key: 'data/sales.csv', contentType: 'text/csv; charset=utf-8', make: async () => salesCsv() },
    {
      key: 'tmp/scratch.txt',
      contentType: 'text/plain; charset=utf-8',
      make: async () => 'Scratch space.\n',
    },
    {
      key: 'tmp/upload-0001.part',
      contentType: 'application/octet-stream',
      make: async () => new Uint8Array(1_024).fill(0x2a),
    },
  ];
  const written: string[] = [];
  for (const sample of samples) {
    if (await exists(files, sample.key)) continue;
    await files.put(sample.key, await sample.make(), sample.contentType);
    written.push(sample.key);
  }
  return written;
}

/** Listing by the key itself avoids downloading a file just to learn it is there. */
async function exists(files: FileStore, key: string): Promise<boolean> {
  return (await files.list(key)).some((file) => file.key === key);
}

function paint(width: number, height: number, color: (x: number, y: number) => Rgb): JimpInstance {
  const image = new Jimp({ width, height });
  const pixels = image.bitmap.data;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const [r, g, b] = color(x, y);
      pixels.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return image;
}

async function gradientPng(): Promise<Uint8Array> {
  const image = paint(640, 480, (x, y) => [Math.round((x / 639) * 255), Math.round((y / 479) * 255), 160]);
  return image.getBuffer('image/png');
}

/** A cartoon cat face: enough shape that a resize visibly keeps the picture. */
async function catJpeg(): Promise<Uint8Array> {
  const fur: Rgb = [224, 138, 60];
  const inCircle = (x: number, y: number, cx: number, cy: number, r: number) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  const image = paint(320, 240, (x, y) => {
    if (inCircle(x, y, 135, 130, 11) || inCircle(x, y, 185, 130, 11)) return [40, 120, 60];
    if (inTriangle([x, y], [150, 160], [170, 160], [160, 172])) return [230, 120, 150];
    if (inCircle(x, y, 160, 140, 70)) return fur;
    if (
      inTriangle([x, y], [98, 110], [115, 35], [150, 78]) ||
      inTriangle([x, y], [222, 110], [205, 35], [170, 78])
    ) {
      return fur;
    }
    return [170, 210, 235 - Math.round(y / 4)];
  });
  return image.getBuffer('image/jpeg', { quality: 85 });
}

function inTriangle(p: Point, a: Point, b: Point, c: Point): boolean {
  const side = (u: Point, v: Point) => (p[0] - v[0]) * (u[1] - v[1]) - (u[0] - v[0]) * (p[1] - v[1]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return !((s1 < 0 || s2 < 0 || s3 < 0) && (s1 > 0 || s2 > 0 || s3 > 0));
}

/** 50 deterministic rows; "Widget, large" shows off a quoted field. */
function salesCsv(): string {
  const regions = ['North', 'South', 'East', 'West'];
  const products: readonly (readonly [string, number])[] = [
    ['Widget', 4.5],
    ['Gadget', 12.99],
    ['Widget, large', 7.25],
    ['Gizmo', 19.9],
  ];
  const lines = ['date,region,product,units,price'];
  for (let i = 0; i < 50; i += 1) {
    const date = new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
    const [product, price] = products[(i + Math.floor(i / 4)) % products.length]!;
    const units = ((i * 7) % 23) + 1;
    lines.push(
      [date, regions[i % regions.length]!, csvField(product), String(units), price.toFixed(2)].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
