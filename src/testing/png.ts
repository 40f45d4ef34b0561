import { encode } from 'uqr';

// A tiny PNG writer for black-and-white images. It deliberately uses STORED (uncompressed) deflate
// blocks: that needs neither zlib nor CompressionStream, so the same code runs synchronously in Node
// and in a browser page (where MSW runs its handlers). 1-bit pixels keep the file small
// enough without real compression.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Largest payload of one STORED deflate block (its LEN field is 16 bits). */
const MAX_STORED_BLOCK = 0xffff;

let crcTable: Uint32Array | undefined;

function getCrcTable(): Uint32Array {
  if (crcTable) return crcTable;
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  crcTable = table;
  return table;
}

/** CRC-32 (ISO 3309, as PNG chunks use it) over `bytes`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const table = getCrcTable();
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Adler-32, the checksum that ends a zlib stream. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 is the largest run for which the sums cannot overflow before the modulo.
  for (let i = 0; i < bytes.length;) {
    const end = Math.min(i + 5552, bytes.length);
    for (; i < end; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream (RFC 1950) holding `data` in STORED deflate blocks (RFC 1951, BTYPE 00). */
export function zlibStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / MAX_STORED_BLOCK));
  const out = new Uint8Array(2 + blocks * 5 + data.length + 4);
  // CMF 0x78: deflate with a 32 kB window; FLG 0x01 makes (CMF*256 + FLG) a multiple of 31.
  out[0] = 0x78;
  out[1] = 0x01;
  let offset = 2;
  for (let block = 0; block < blocks; block++) {
    const start = block * MAX_STORED_BLOCK;
    const length = Math.min(MAX_STORED_BLOCK, data.length - start);
    out[offset++] = block === blocks - 1 ? 1 : 0; // BFINAL on the last block, BTYPE 00
    out[offset++] = length & 0xff;
    out[offset++] = length >>> 8;
    out[offset++] = ~length & 0xff;
    out[offset++] = (~length >>> 8) & 0xff;
    out.set(data.subarray(start, start + length), offset);
    offset += length;
  }
  const checksum = adler32(data);
  out[offset++] = checksum >>> 24;
  out[offset++] = (checksum >>> 16) & 0xff;
  out[offset++] = (checksum >>> 8) & 0xff;
  out[offset++] = checksum & 0xff;
  return out;
}

function writeUint32(target: Uint8Array, offset: number, value: number): void {
  target[offset] = value >>> 24;
  target[offset + 1] = (value >>> 16) & 0xff;
  target[offset + 2] = (value >>> 8) & 0xff;
  target[offset + 3] = value & 0xff;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeUint32(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  // The CRC covers the chunk type and data, not the length.
  writeUint32(out, 8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * A 1-bit grayscale PNG of `width` × `height` pixels; `isDark(x, y)` says which pixels are black.
 */
export function encodeMonochromePng(
  width: number,
  height: number,
  isDark: (x: number, y: number) => boolean,
): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError('PNG dimensions must be positive integers');
  }
  const rowBytes = Math.ceil(width / 8);
  // Each scanline starts with its filter type byte; 0 (None) everywhere.
  const raw = new Uint8Array((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1) + 1;
    for (let x = 0; x < width; x++) {
      // In 1-bit grayscale 1 is white: set the bit for light pixels, most significant bit first.
      if (!isDark(x, y)) raw[row + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const header = new Uint8Array(13);
  writeUint32(header, 0, width);
  writeUint32(header, 4, height);
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: grayscale
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  return concat([
    Uint8Array.from(PNG_SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding; written out so it needs neither `Buffer` nor `btoa`. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      BASE64_ALPHABET[n >>> 18]! +
      BASE64_ALPHABET[(n >>> 12) & 63]! +
      BASE64_ALPHABET[(n >>> 6) & 63]! +
      BASE64_ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += BASE64_ALPHABET[n >>> 18]! + BASE64_ALPHABET[(n >>> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out +=
      BASE64_ALPHABET[n >>> 18]! + BASE64_ALPHABET[(n >>> 12) & 63]! + BASE64_ALPHABET[(n >>> 6) & 63]! + '=';
  }
  return out;
}

export interface QrPngOptions {
  /** Error correction level; `M` survives a logo or glare over the code. */
  ecc?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone in modules; the QR specification asks for 4. */
  border?: number;
  /** Pixels the image should roughly span; each module gets a whole number of pixels. */
  targetSize?: number;
}

/** A QR code of `text` as PNG bytes, black on white, roughly `targetSize` pixels square. */
export function encodeQrPng(text: string, options: QrPngOptions = {}): Uint8Array {
  const qr = encode(text, { ecc: options.ecc ?? 'M', border: options.border ?? 4 });
  // Whole pixels per module keep the edges sharp for scanners; never below one pixel.
  const scale = Math.max(1, Math.floor((options.targetSize ?? 480) / qr.size));
  const size = qr.size * scale;
  return encodeMonochromePng(size, size, (x, y) => qr.data[Math.floor(y / scale)]![Math.floor(x / scale)]!);
}

/** A QR code of `text` as a `data:image/png;base64,` URL, the form Dintero sends in `qr_code`. */
export function qrCodeDataUrl(text: string, options?: QrPngOptions): string {
  return `data:image/png;base64,${toBase64(encodeQrPng(text, options))}`;
}
