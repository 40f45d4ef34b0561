import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { checkQrCode } from '../../src/core';
import { createDinteroEmulator, qrCodeDataUrl } from '../../src/testing';
import { adler32, crc32, encodeMonochromePng, toBase64, zlibDeflate } from '../../src/testing/png';

const PREFIX = 'data:image/png;base64,';

function decodePng(dataUrl: string) {
  expect(dataUrl.startsWith(PREFIX)).toBe(true);
  const bytes = Buffer.from(dataUrl.slice(PREFIX.length), 'base64');
  // pngjs verifies every chunk CRC and the zlib stream while reading.
  return PNG.sync.read(bytes);
}

function decodeQr(dataUrl: string): string | undefined {
  const png = decodePng(dataUrl);
  const result = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  return result?.data;
}

describe('PNG writer', () => {
  it('computes the reference CRC-32 and Adler-32 values', () => {
    const text = new TextEncoder().encode('123456789');
    expect(crc32(text)).toBe(0xcbf43926);
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });

  it('base64-encodes like Buffer for every padding length', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 100]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('deflates to a zlib stream that inflates back byte for byte, with runs and repeated rows', async () => {
    const { inflateSync } = await import('node:zlib');
    const inputs = [
      new Uint8Array(0),
      Uint8Array.of(7),
      new Uint8Array(100_000), // one long run: matches of 258 at distance 1
      Uint8Array.from({ length: 150_000 }, (_, i) => ((i * 7919) % 253) ^ (i >> 9)), // mostly literals
      Uint8Array.from({ length: 77 * 600 }, (_, i) => ((i % 77) * 31 + Math.floor(i / (77 * 18))) & 0xff),
    ];
    for (const data of inputs) {
      const stream = zlibDeflate(data, [1, 77, 40_000]);
      expect(Buffer.from(inflateSync(stream)).equals(Buffer.from(data))).toBe(true);
    }
    // Repetition is found: 600 rows of 77 bytes that repeat every 18 rows shrink a lot.
    expect(zlibDeflate(inputs[4]!, [1, 77]).length).toBeLessThan(inputs[4]!.length / 10);
  });

  it('writes a 1-bit grayscale image that reads back pixel for pixel', () => {
    const bytes = encodeMonochromePng(11, 3, (x, y) => (x + y) % 2 === 0);
    const png = PNG.sync.read(Buffer.from(bytes));
    expect([png.width, png.height]).toEqual([11, 3]);
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 11; x++) {
        expect(png.data[(y * 11 + x) * 4]).toBe((x + y) % 2 === 0 ? 0 : 255);
      }
    }
    expect(() => encodeMonochromePng(0, 1, () => true)).toThrow(RangeError);
  });
});

describe('QR codes', () => {
  it("encodes a payload that scans back, 600×600 px by default (Dintero's size), a few kB", () => {
    const payload = 'D0123456789abcdef0123456789abcdef';
    const url = qrCodeDataUrl(payload);
    expect(url.length - PREFIX.length).toBeLessThan(8_000);
    const png = decodePng(url);
    expect([png.width, png.height]).toEqual([600, 600]);
    expect(decodeQr(url)).toBe(payload);
  });

  it('is 600×600 for a long payload too, and any size asked for', () => {
    const payload = `https://example.com/${'x'.repeat(900)}`;
    const url = qrCodeDataUrl(payload);
    const png = decodePng(url);
    expect([png.width, png.height]).toEqual([600, 600]);
    expect(url.length - PREFIX.length).toBeLessThan(60_000);
    expect(decodeQr(url)).toBe(payload);

    const small = decodePng(qrCodeDataUrl('D123', { size: 333 }));
    expect([small.width, small.height]).toEqual([333, 333]);
    expect(decodeQr(qrCodeDataUrl('D123', { size: 333 }))).toBe('D123');
    // Smaller than the modules: one pixel per module, never a cut-off code.
    expect(decodePng(qrCodeDataUrl('D123', { size: 5 })).width).toBe(29);
  });

  it("the Swish qr_code carries D + the approval token and passes the library's guard", async () => {
    const emulator = createDinteroEmulator();
    const response = await emulator.handle({
      method: 'POST',
      url: 'https://checkout.dintero.com/v1/sessions/T1/pay',
      body: JSON.stringify({ payment_product_type: 'swish.swish' }),
    });
    const answer = JSON.parse(response.body) as { approval_url: string; qr_code: string };
    const token = new URL(answer.approval_url).searchParams.get('token');
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(decodeQr(answer.qr_code)).toBe(`D${token}`);
    const png = decodePng(answer.qr_code);
    expect([png.width, png.height]).toEqual([600, 600]);
    expect(checkQrCode(answer.qr_code)).toEqual({ ok: true, url: answer.qr_code });
  });
});
