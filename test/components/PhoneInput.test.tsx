import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { PayError, PaySessionProvider, PhoneInput } from '../../src';
import { expectNoAxeViolations, fakeSession } from './helpers';

const phoneBox = () => screen.getByRole('textbox', { name: 'Mobile number' }) as HTMLInputElement;

describe('PhoneInput', () => {
  it('is a labelled tel input with autofill hints, a hint and a labelled country selector', async () => {
    const { container } = render(<PhoneInput />);
    const input = phoneBox();
    expect(input).toHaveAttribute('type', 'tel');
    expect(input).toHaveAttribute('autocomplete', 'tel');
    expect(input).toHaveAttribute('inputmode', 'tel');
    expect(input).toHaveAccessibleDescription('The payment request is sent to this number.');
    expect(input).not.toHaveAttribute('aria-invalid');
    const country = screen.getByRole('combobox', { name: 'Country' });
    expect(country).toHaveValue('SE');
    expect(screen.getByRole('option', { name: 'Norway (+47)' })).toBeInTheDocument();
    await expectNoAxeViolations(container);
  });

  it('formats a national number as it is typed and emits E.164', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<PhoneInput onValueChange={onValueChange} />);
    await user.type(phoneBox(), '0701234567');
    expect(phoneBox()).toHaveValue('070 123 45 67');
    expect(onValueChange).toHaveBeenLastCalledWith('+46701234567', { valid: true, country: 'SE' });
  });

  it('accepts an international number typed with +', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<PhoneInput onValueChange={onValueChange} />);
    await user.type(phoneBox(), '+46701234567');
    expect(phoneBox()).toHaveValue('+46 70 123 45 67');
    expect(onValueChange).toHaveBeenLastCalledWith('+46701234567', { valid: true, country: 'SE' });
  });

  it.each([
    ['070-123 45 67', '070 123 45 67', '+46701234567'],
    ['+46 70 123 45 67', '+46 70 123 45 67', '+46701234567'],
    ['0046701234567', '0046 70 123 45 67', '+46701234567'],
    ['+47 412 34 567', '+47 412 34 567', '+4741234567'],
  ])('accepts the pasted form %s', async (pasted, shown, e164) => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<PhoneInput onValueChange={onValueChange} />);
    await user.click(phoneBox());
    await user.paste(pasted);
    expect(phoneBox()).toHaveValue(shown);
    expect(onValueChange).toHaveBeenLastCalledWith(e164, expect.objectContaining({ valid: true }));
  });

  it('keeps the caret after the same digit when typing in the middle', async () => {
    const user = userEvent.setup();
    render(<PhoneInput />);
    const input = phoneBox();
    await user.type(input, '070123456');
    expect(input).toHaveValue('070 123 45 6');
    // Caret between "070 1" and "23": a 9 goes there and the caret follows it, not the end.
    await user.type(input, '9', { initialSelectionStart: 5, initialSelectionEnd: 5 });
    expect(input).toHaveValue('070 192 34 56');
    expect(input.selectionStart).toBe(6);
    await user.keyboard('{Backspace}');
    expect(input).toHaveValue('070 123 45 6');
    expect(input.selectionStart).toBe(5);
    await user.keyboard('7');
    expect(input).toHaveValue('070 172 34 56');
    expect(input.selectionStart).toBe(6);
  });

  it('reads national numbers in the default country and after a change of country', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<PhoneInput defaultCountry="NO" onValueChange={onValueChange} />);
    expect(screen.getByRole('combobox', { name: 'Country' })).toHaveValue('NO');
    await user.type(phoneBox(), '41234567');
    expect(phoneBox()).toHaveValue('412 34 567');
    expect(onValueChange).toHaveBeenLastCalledWith('+4741234567', { valid: true, country: 'NO' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Country' }), 'DK');
    expect(phoneBox()).toHaveValue('41 23 45 67');
    expect(onValueChange).toHaveBeenLastCalledWith('+4541234567', { valid: true, country: 'DK' });
  });

  it('reports an invalid number with its problem and an empty value', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<PhoneInput onValueChange={onValueChange} />);
    await user.type(phoneBox(), '0701');
    expect(onValueChange).toHaveBeenLastCalledWith('', { valid: false, problem: 'too_short', country: 'SE' });
    await user.type(phoneBox(), 'x');
    expect(onValueChange).toHaveBeenLastCalledWith('', {
      valid: false,
      problem: 'invalid_characters',
      country: 'SE',
    });
  });

  it('with error={true} shows what is wrong, wired to the input', async () => {
    const user = userEvent.setup();
    const { container, rerender } = render(<PhoneInput />);
    await user.type(phoneBox(), '0701');
    rerender(<PhoneInput error />);
    const input = phoneBox();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(
      'The payment request is sent to this number. The number is too short.',
    );
    expect(container.firstElementChild).toHaveAttribute('data-invalid');
    await expectNoAxeViolations(container);
  });

  it.each([
    ['', 'Enter your mobile number.'],
    ['0701234567890', 'The number is too long.'],
    ['07o1', 'Use digits only, with + at the start if needed.'],
  ])('with error={true} explains %j', async (typed, message) => {
    const user = userEvent.setup();
    render(<PhoneInput error />);
    if (typed) await user.type(phoneBox(), typed);
    expect(screen.getByText(message)).toBeInTheDocument();
  });

  it('shows an error of its own and hides the hint on request', () => {
    render(<PhoneInput error="Use the number of your Swish account." hint={null} label="Phone" />);
    const input = screen.getByRole('textbox', { name: 'Phone' });
    expect(input).toHaveAccessibleDescription('Use the number of your Swish account.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  it('keeps the typed number when a payment attempt fails and the page re-renders', async () => {
    const user = userEvent.setup();
    const session = fakeSession();
    const { rerender } = render(<PhoneInput session={session} />);
    await user.type(phoneBox(), '0701234567');
    const failed = fakeSession({
      status: 'failed',
      error: new PayError('invalid_request', { field: 'phone_number', code: 'invalid_phone_number' }),
    });
    rerender(<PhoneInput session={failed} error="Check the number." />);
    expect(phoneBox()).toHaveValue('070 123 45 67');
    expect(phoneBox()).toHaveAttribute('aria-invalid', 'true');
    expect(phoneBox().closest('[data-status]')).toHaveAttribute('data-status', 'failed');
  });

  it('marks itself invalid when the payment service blames the phone number', () => {
    const session = fakeSession({
      status: 'failed',
      error: new PayError('invalid_request', { field: 'phone_number' }),
    });
    render(<PhoneInput session={session} />);
    expect(phoneBox()).toHaveAttribute('aria-invalid', 'true');
  });

  it('works controlled: shows the value, keeps its text while the parent echoes, clears on ""', async () => {
    const user = userEvent.setup();
    const seen: string[] = [];
    function Controlled() {
      const [value, setValue] = useState('+46701234567');
      seen.push(value);
      return (
        <>
          <PhoneInput value={value} onValueChange={(e164) => setValue(e164)} />
          <button type="button" onClick={() => setValue('')}>
            Clear
          </button>
        </>
      );
    }
    render(<Controlled />);
    expect(phoneBox()).toHaveValue('+46 70 123 45 67');
    await user.type(phoneBox(), '{Backspace}{Backspace}{Backspace}');
    // Incomplete: the parent holds '' but the shopper's text stays.
    expect(phoneBox()).toHaveValue('+46 70 123 4');
    expect(seen.at(-1)).toBe('');
    await user.type(phoneBox(), '58');
    expect(seen.at(-1)).toBe('+4670123458');
    expect(phoneBox()).toHaveValue('+46 70 123 45 8');
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(phoneBox()).toHaveValue('');
  });

  it('clears from a partial number when the parent sets value="" (a parent that keeps only valid numbers)', async () => {
    const user = userEvent.setup();
    function Controlled() {
      const [value, setValue] = useState('+46701234567');
      return (
        <>
          <PhoneInput value={value} onValueChange={(e164, { valid }) => valid && setValue(e164)} />
          <button type="button" onClick={() => setValue('')}>
            Clear
          </button>
        </>
      );
    }
    render(<Controlled />);
    await user.clear(phoneBox());
    await user.type(phoneBox(), '07012');
    expect(phoneBox()).toHaveValue('070 12');
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(phoneBox()).toHaveValue('');
  });

  it('forwards its ref to the <input>, as a form library needs, keeping its own; the root takes className and rootStyle', async () => {
    const user = userEvent.setup();
    const ref = createRef<HTMLInputElement>();
    const { container } = render(
      <PhoneInput
        ref={ref}
        name="phone"
        style={{ letterSpacing: '1px' }}
        className="shop-field"
        rootStyle={{ marginTop: '4px' }}
        theme={{ colorText: 'navy' }}
      />,
    );
    const root = container.firstElementChild as HTMLElement;
    expect(ref.current).toBe(phoneBox());
    expect(ref.current).toHaveAttribute('name', 'phone');
    expect(ref.current!.style.letterSpacing).toBe('1px');
    expect(root).toHaveClass('rdp-field', 'shop-field');
    expect(root.style.marginTop).toBe('4px');
    expect(root.style.getPropertyValue('--rdp-color-text')).toBe('navy');
    // The field's own ref still formats what is typed.
    await user.type(phoneBox(), '0701234567');
    expect(phoneBox()).toHaveValue('070 123 45 67');
    ref.current!.blur();
    ref.current!.focus();
    expect(phoneBox()).toHaveFocus();
  });

  it('shows a value set from outside', () => {
    const { rerender } = render(<PhoneInput value="" />);
    expect(phoneBox()).toHaveValue('');
    rerender(<PhoneInput value="+4512345678" />);
    expect(phoneBox()).toHaveValue('+45 12 34 56 78');
  });

  it('never puts the number in an attribute or in console output', async () => {
    const user = userEvent.setup();
    const logs = ['log', 'info', 'warn', 'error', 'debug'].map((name) =>
      vi.spyOn(console, name as 'log').mockImplementation(() => {}),
    );
    const { container } = render(
      <PaySessionProvider session={fakeSession()}>
        <PhoneInput defaultValue="+46709999999" />
      </PaySessionProvider>,
    );
    await user.type(phoneBox(), '{Backspace}1');
    expect(phoneBox()).toHaveValue('+46 70 999 99 91');
    // The value lives only in the DOM property: no value attribute, no data-* with the number.
    expect(phoneBox()).not.toHaveAttribute('value');
    expect(container.innerHTML).not.toMatch(/99\s?9/);
    for (const log of logs) {
      for (const call of log.mock.calls) expect(JSON.stringify(call)).not.toMatch(/99\s?9/);
      log.mockRestore();
    }
  });

  it('passes other props to the input and composes onChange', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    render(<PhoneInput name="phone" required onChange={onChange} aria-describedby="extra" />);
    expect(phoneBox()).toHaveAttribute('name', 'phone');
    expect(phoneBox()).toBeRequired();
    expect(phoneBox().getAttribute('aria-describedby')).toMatch(/^extra /);
    await user.type(phoneBox(), '1');
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('lets a consumer onChange that prevents default skip formatting', () => {
    render(<PhoneInput onChange={(event) => event.preventDefault()} />);
    fireEvent.change(phoneBox(), { target: { value: '0701234567' } });
    expect(phoneBox()).toHaveValue('0701234567');
  });
});
