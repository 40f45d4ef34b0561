import type { EmulatorHeaders, EmulatorResponse } from './types';

// Small pieces every endpoint of the emulator shares: answers in Dintero's shapes, header and
// cookie reading, random ids. No Node or DOM imports, so the engine runs anywhere.

export function json(status: number, body: unknown, extra: Record<string, string> = {}): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra },
    body: JSON.stringify(body),
  };
}

/** Dintero's error shape: `{ error: { message, code, errors? } }`. */
export function errorBody(
  status: number,
  message: string,
  code: string,
  errors?: object[],
  extra?: Record<string, string>,
): EmulatorResponse {
  return json(status, { error: { message, code, ...(errors ? { errors } : {}) } }, extra);
}

/** A 400 that names the field to fix, as Dintero's validation answers do. */
export function fieldError(field: string, message: string): EmulatorResponse {
  return errorBody(400, `${field} ${message}`, 'BAD_REQUEST', [{ field, message }]);
}

export function notFound(): EmulatorResponse {
  return errorBody(404, 'Not found', 'NOT_FOUND');
}

export function noContent(): EmulatorResponse {
  return { status: 204, headers: { 'cache-control': 'no-store' }, body: '' };
}

export function html(status: number, markup: string): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    body: markup,
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function headerOf(headers: EmulatorHeaders | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof headers.get === 'function')
    return (headers.get as (n: string) => string | null)(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, string>)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

export function cookieValue(headers: EmulatorHeaders | undefined, name: string): string | undefined {
  const header = headerOf(headers, 'cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** A JSON object body, or why not. */
export function parseJsonObject(body: string | null | undefined): Record<string, unknown> | EmulatorResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '');
  } catch {
    return errorBody(400, 'The request body is not valid JSON', 'BAD_REQUEST');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return errorBody(400, 'The request body must be a JSON object', 'BAD_REQUEST');
  }
  return parsed as Record<string, unknown>;
}

export function isResponse(value: unknown): value is EmulatorResponse {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

export function randomHex(length: number): string {
  const bytes = new Uint8Array(Math.ceil(length / 2));
  const cryptoApi = (globalThis as { crypto?: { getRandomValues?(array: Uint8Array): Uint8Array } }).crypto;
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, length);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Two `If-Unmodified-Since` / `updated_at` values naming the same instant, in any date format. */
export function sameInstant(a: string, b: string): boolean {
  if (a.trim() === b.trim()) return true;
  const left = Date.parse(a);
  const right = Date.parse(b);
  return !Number.isNaN(left) && left === right;
}
