import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { usePhoneField, type UsePhoneFieldOptions } from '../../src';

// A merchant's own markup on top of the headless hook.
function OwnPhoneField(props: UsePhoneFieldOptions) {
  const field = usePhoneField(props);
  return (
    <>
      <label htmlFor="own">Phone</label>
      <input id="own" {...field.inputProps} />
      <output>{field.parsed.ok ? field.parsed.e164 : field.parsed.problem}</output>
      <button type="button" onClick={() => field.setCountry('FI')}>
        Finland
      </button>
    </>
  );
}

describe('usePhoneField', () => {
  it('gives any input formatting, parsing and tel semantics', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<OwnPhoneField onValueChange={onValueChange} />);
    const input = screen.getByRole('textbox', { name: 'Phone' });
    expect(input).toHaveAttribute('type', 'tel');
    expect(input).toHaveAttribute('autocomplete', 'tel');
    expect(input).toHaveAttribute('inputmode', 'tel');
    expect(screen.getByRole('status')).toHaveTextContent('empty');

    await user.type(input, '0401234567');
    expect(input).toHaveValue('040 123 45 67');
    expect(onValueChange).toHaveBeenLastCalledWith('+46401234567', { valid: true, country: 'SE' });

    await user.click(screen.getByRole('button', { name: 'Finland' }));
    expect(input).toHaveValue('040 123 4567');
    expect(screen.getByRole('status')).toHaveTextContent('+358401234567');
    expect(onValueChange).toHaveBeenLastCalledWith('+358401234567', { valid: true, country: 'FI' });
  });

  it('reports the problem while the number is incomplete', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<OwnPhoneField onValueChange={onValueChange} />);
    await user.type(screen.getByRole('textbox', { name: 'Phone' }), '070');
    expect(onValueChange).toHaveBeenLastCalledWith('', { valid: false, problem: 'too_short', country: 'SE' });
    expect(screen.getByRole('status')).toHaveTextContent('too_short');
  });

  it('starts from a default value in any form', () => {
    render(<OwnPhoneField defaultValue="+4741234567" />);
    expect(screen.getByRole('textbox', { name: 'Phone' })).toHaveValue('+47 412 34 567');
  });
});
