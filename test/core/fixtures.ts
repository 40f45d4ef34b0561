import type { HttpResult } from '../../src/core/http';
import type { PayResponse, PollResponse } from '../../src/core/schemas';

export const BASE_URL = 'https://checkout.test/v1';
export const POLICY = { baseUrl: BASE_URL } as const;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A 1×1 IHDR chunk after the PNG signature: enough bytes to look like the start of a real PNG. */
export function pngBytes(extra = 0): Uint8Array {
  const ihdr = [
    0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08,
    0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xde,
  ];
  const bytes = new Uint8Array(PNG_SIGNATURE.length + ihdr.length + extra);
  bytes.set(PNG_SIGNATURE, 0);
  bytes.set(ihdr, PNG_SIGNATURE.length);
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function pngDataUrl(extra = 0): string {
  return `data:image/png;base64,${toBase64(pngBytes(extra))}`;
}

export const QR = pngDataUrl();

export function payOk(data: Partial<PayResponse>, status = 200): HttpResult<PayResponse> {
  return { ok: true, status, data: { success: true, actions: [], ...data } };
}

export function pollOk(data: PollResponse, status = 200): HttpResult<PollResponse> {
  return { ok: true, status, data };
}
