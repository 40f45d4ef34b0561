import { isPayError, PayError, type PayErrorKind } from '../../src/core/errors';

const RETRYABLE: Record<PayErrorKind, boolean> = {
  network: true,
  offline: true,
  timeout: true,
  invalid_request: false,
  session_not_found: false,
  session_changed: false,
  rate_limited: true,
  server: true,
  invalid_response: false,
  unsafe_url: false,
  rejected: true,
  action_required: false,
};
const KINDS = Object.keys(RETRYABLE) as PayErrorKind[];

describe('PayError', () => {
  it.each(KINDS)('%s has its default retryability', (kind) => {
    expect(new PayError(kind).retryable).toBe(RETRYABLE[kind]);
  });

  it('is an Error with a name and a kind', () => {
    const error = new PayError('timeout');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(PayError);
    expect(error.name).toBe('PayError');
    expect(error.kind).toBe('timeout');
    expect(error.message).not.toBe('');
  });

  it('makes a rejection with a permanent category not retryable', () => {
    expect(new PayError('rejected', { category: 'permanent' }).retryable).toBe(false);
    expect(new PayError('rejected', { category: 'temporary' }).retryable).toBe(true);
    expect(new PayError('rejected', { category: 'something_new' }).retryable).toBe(true);
  });

  it('lets the caller override retryability', () => {
    expect(new PayError('network', { retryable: false }).retryable).toBe(false);
    expect(new PayError('invalid_response', { retryable: true }).retryable).toBe(true);
    expect(new PayError('rejected', { category: 'permanent', retryable: true }).retryable).toBe(true);
  });

  it('carries the given details and nothing else', () => {
    const operations = [
      { href: 'https://acs.example/', method: 'POST', content_type: null, rel: '3d-secure-init-hosted' },
    ];
    const error = new PayError('action_required', {
      field: 'phone_number',
      code: 'requires_3ds',
      category: 'action',
      retryAfterMs: 1000,
      operations,
      httpStatus: 200,
    });
    expect(error).toMatchObject({
      field: 'phone_number',
      code: 'requires_3ds',
      category: 'action',
      retryAfterMs: 1000,
      operations,
      httpStatus: 200,
    });
    const bare = new PayError('server');
    for (const key of ['field', 'code', 'category', 'retryAfterMs', 'operations', 'httpStatus']) {
      expect(Object.prototype.hasOwnProperty.call(bare, key)).toBe(false);
    }
  });

  it('treats null details as not given', () => {
    const error = new PayError('rejected', { code: null, category: null, field: null } as never);
    expect('code' in error && error.code !== undefined).toBe(false);
    expect(error.retryable).toBe(true);
  });

  it('keeps details out of its message, so it is safe to log', () => {
    const error = new PayError('invalid_request', {
      field: 'phone_number',
      code: 'SECRET_CODE_46701234567',
      httpStatus: 400,
    });
    const same = new PayError('invalid_request');
    expect(error.message).toBe(same.message);
    expect(error.message).not.toContain('SECRET');
    expect(error.message).not.toMatch(/\d{3}/);
  });

  it('has a different message per kind', () => {
    const messages = new Set(KINDS.map((kind) => new PayError(kind).message));
    expect(messages.size).toBe(KINDS.length);
  });
});

describe('isPayError', () => {
  it('recognises PayError instances only', () => {
    expect(isPayError(new PayError('network'))).toBe(true);
    expect(isPayError(new Error('network'))).toBe(false);
    expect(isPayError({ kind: 'network', retryable: true })).toBe(false);
    expect(isPayError(null)).toBe(false);
    expect(isPayError('network')).toBe(false);
  });
});
