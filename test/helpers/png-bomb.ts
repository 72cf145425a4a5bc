/**
 * A decompression bomb: a PNG signature and an IHDR chunk claiming `side` × `side` pixels (20,000²
 * is 400 MP, 1.6 GB decoded), and no pixel data.
 */
export function pngBomb(side = 20_000): Buffer {
  const header = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'ascii');
  header.writeUInt32BE(side, 16);
  header.writeUInt32BE(side, 20);
  header.writeUInt8(8, 24);
  header.writeUInt8(6, 25);
  return header;
}
