/*! Bundled into react-dintero-pay/testing: uqr 0.1.3, MIT License, Copyright (c) Project Nayuki,
 * Copyright (c) 2023 Anthony Fu. The QR encoder is only for tests, so shops do not install it. */
import { encode } from 'uqr';

// A tiny PNG writer for black-and-white images. It compresses with its own small deflate (fixed
// Huffman codes, back-references to the previous byte and the previous row): that needs neither zlib
// nor CompressionStream, so the same code runs synchronously in Node and in a browser page (where
// MSW runs its handlers).

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

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

/** Writes deflate's bit stream: values least significant bit first, Huffman codes most significant first. */
class BitWriter {
  private bytes: number[] = [];
  private current = 0;
  private used = 0;

  bits(value: number, count: number): void {
    for (let i = 0; i < count; i++) this.bit((value >>> i) & 1);
  }

  code(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bit((code >>> i) & 1);
  }

  private bit(bit: number): void {
    this.current |= bit << this.used;
    if (++this.used === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.used = 0;
    }
  }

  finish(): number[] {
    if (this.used > 0) this.bytes.push(this.current);
    return this.bytes;
  }
}

// RFC 1951 3.2.5: match lengths 3-258 and distances 1-32768 as a code plus extra bits.
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
  227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
  6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const MAX_MATCH = 258;
const MAX_DISTANCE = 32768;

/** The fixed Huffman code of a literal/length symbol (RFC 1951 3.2.6). */
function writeSymbol(out: BitWriter, symbol: number): void {
  if (symbol < 144) out.code(0x30 + symbol, 8);
  else if (symbol < 256) out.code(0x190 + symbol - 144, 9);
  else if (symbol < 280) out.code(symbol - 256, 7);
  else out.code(0xc0 + symbol - 280, 8);
}

function lastIndexAtMost(table: number[], value: number): number {
  let index = 0;
  while (index + 1 < table.length && table[index + 1]! <= value) index++;
  return index;
}

/**
 * A zlib stream (RFC 1950) of `data` in one fixed-Huffman deflate block (RFC 1951, BTYPE 01). It
 * only looks back at the given `distances` (for an image: the previous pixel byte and the previous
 * row), which is where a QR code's repetition is, and keeps a 600-pixel code to a few kilobytes, as
 * Dintero's are.
 */
export function zlibDeflate(data: Uint8Array, distances: readonly number[] = [1]): Uint8Array {
  const out = new BitWriter();
  out.bits(1, 1); // BFINAL
  out.bits(1, 2); // BTYPE 01: fixed Huffman codes
  const usable = distances.filter((d) => Number.isInteger(d) && d >= 1 && d <= MAX_DISTANCE);
  for (let i = 0; i < data.length;) {
    let bestLength = 0;
    let bestDistance = 0;
    for (const distance of usable) {
      if (distance > i) continue;
      let length = 0;
      const limit = Math.min(MAX_MATCH, data.length - i);
      while (length < limit && data[i + length] === data[i + length - distance]) length++;
      if (length > bestLength) {
        bestLength = length;
        bestDistance = distance;
      }
    }
    if (bestLength < 3) {
      writeSymbol(out, data[i]!);
      i += 1;
      continue;
    }
    const lengthCode = lastIndexAtMost(LENGTH_BASE, bestLength);
    writeSymbol(out, 257 + lengthCode);
    out.bits(bestLength - LENGTH_BASE[lengthCode]!, LENGTH_EXTRA[lengthCode]!);
    const distanceCode = lastIndexAtMost(DISTANCE_BASE, bestDistance);
    out.code(distanceCode, 5);
    out.bits(bestDistance - DISTANCE_BASE[distanceCode]!, DISTANCE_EXTRA[distanceCode]!);
    i += bestLength;
  }
  writeSymbol(out, 256); // end of block
  const body = out.finish();
  const checksum = adler32(data);
  // CMF 0x78: deflate with a 32 kB window; FLG 0x01 makes (CMF*256 + FLG) a multiple of 31.
  return Uint8Array.from([
    0x78,
    0x01,
    ...body,
    checksum >>> 24,
    (checksum >>> 16) & 0xff,
    (checksum >>> 8) & 0xff,
    checksum & 0xff,
  ]);
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
    chunk('IDAT', zlibDeflate(raw, [1, rowBytes + 1])),
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
  /**
   * Width and height of the image in pixels; default 600, the size of Dintero's `qr_code`. Each
   * module gets a whole number of pixels and the rest widens the quiet zone; a size smaller than the
   * code's modules gives one pixel per module.
   */
  size?: number;
}

/** Dintero's `qr_code` is 600×600 pixels by default. */
export const DEFAULT_QR_SIZE = 600;

/** A QR code of `text` as PNG bytes, black on white, `size` pixels square (default 600). */
export function encodeQrPng(text: string, options: QrPngOptions = {}): Uint8Array {
  const qr = encode(text, { ecc: options.ecc ?? 'M', border: options.border ?? 4 });
  // Whole pixels per module keep the edges sharp for scanners; never below one pixel.
  const scale = Math.max(1, Math.floor((options.size ?? DEFAULT_QR_SIZE) / qr.size));
  const size = Math.max(qr.size * scale, Math.floor(options.size ?? DEFAULT_QR_SIZE));
  // The pixels left over are split around the code, so it stays centred in a wider quiet zone.
  const offset = Math.floor((size - qr.size * scale) / 2);
  return encodeMonochromePng(size, size, (x, y) => {
    const column = Math.floor((x - offset) / scale);
    const row = Math.floor((y - offset) / scale);
    return qr.data[row]?.[column] ?? false;
  });
}

/** A QR code of `text` as a `data:image/png;base64,` URL, the form Dintero sends in `qr_code`. */
export function qrCodeDataUrl(text: string, options?: QrPngOptions): string {
  return `data:image/png;base64,${toBase64(encodeQrPng(text, options))}`;
}
