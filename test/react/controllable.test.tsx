import { act, render, renderHook } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PhoneInput, usePaySession, type ResumeStorage } from '../../src';
import { useControllableState } from '../../src/react/internal';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('useControllableState, as Radix has it', () => {
  it('calls onChange only when the value really changes, controlled or not', () => {
    for (const prop of [undefined, 'a']) {
      const onChange = vi.fn();
      const { result } = renderHook(() =>
        useControllableState({ prop, defaultProp: 'a', onChange, caller: 'Field' }),
      );
      act(() => result.current[1]('a'));
      expect(onChange).not.toHaveBeenCalled();
      act(() => result.current[1]('b'));
      expect(onChange).toHaveBeenCalledExactlyOnceWith('b');
    }
  });

  it('warns once in development when a component switches between controlled and uncontrolled', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { rerender } = renderHook(
      ({ prop }: { prop: string | undefined }) =>
        useControllableState({ prop, defaultProp: '', caller: 'PhoneInput' }),
      { initialProps: { prop: undefined as string | undefined } },
    );
    rerender({ prop: undefined });
    expect(warn).not.toHaveBeenCalled();
    rerender({ prop: '+46701234567' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/PhoneInput is changing from uncontrolled to controlled/);
    rerender({ prop: '+46701234568' });
    expect(warn).toHaveBeenCalledTimes(1);
    rerender({ prop: undefined });
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]![0]).toMatch(/from controlled to uncontrolled/);
  });

  it('says nothing in a production build', () => {
    vi.stubEnv('NODE_ENV', 'production');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { rerender } = renderHook(
      ({ prop }: { prop: string | undefined }) =>
        useControllableState({ prop, defaultProp: '', caller: 'Field' }),
      { initialProps: { prop: undefined as string | undefined } },
    );
    rerender({ prop: 'x' });
    expect(warn).not.toHaveBeenCalled();
  });

  it('PhoneInput warns when its value goes from a number to undefined', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    function Page() {
      const [value, setValue] = useState<string | undefined>('+46701234567');
      return (
        <>
          <PhoneInput value={value} />
          <button type="button" onClick={() => setValue(undefined)}>
            forget
          </button>
        </>
      );
    }
    const { getByRole } = render(<Page />);
    act(() => getByRole('button', { name: 'forget' }).click());
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(
      /^react-dintero-pay: PhoneInput is changing from controlled to uncontrolled/,
    );
  });
});

describe('options read once warn when they change, as React Stripe.js does for `stripe`', () => {
  const storage = (): ResumeStorage => ({
    getItem: () => null,
    setItem: () => undefined,
    removeItem: () => undefined,
  });

  it('a new `storage` after the session was created warns; the same one does not', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const first = storage();
    const { rerender } = renderHook(
      ({ store }: { store: ResumeStorage }) =>
        usePaySession({ sessionId: 'T1.storage', paymentProductType: 'swish.swish', storage: store }),
      { initialProps: { store: first } },
    );
    rerender({ store: first });
    expect(warn).not.toHaveBeenCalled();
    rerender({ store: storage() });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/`storage` option of usePaySession changed.*first one is kept/);
  });
});
