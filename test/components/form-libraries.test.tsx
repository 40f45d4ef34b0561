import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Controller, useForm } from 'react-hook-form';
import { describe, expect, it, vi } from 'vitest';
import { parsePhoneNumber, PhoneInput, type PhoneCountry } from '../../src';

// PhoneInput in react-hook-form, as the README shows it: through `register` (react-hook-form reads
// the <input> itself) and through `Controller` (E.164 through `value` / `onValueChange`). Both need
// PhoneInput's ref to be the <input>: react-hook-form focuses the first invalid field and `setFocus`
// through it, and `register` reads the value from it. Handed the wrapper <div> instead,
// react-hook-form would read and focus the first control inside it for `register` (the country
// <select>, when shown), and a <div> cannot take focus for `Controller`: the value and focus tests
// below would fail.

const phoneBox = () => screen.getByRole('textbox', { name: 'Mobile number' }) as HTMLInputElement;
const countryBox = () => screen.getByRole('combobox', { name: 'Country' });

interface Values {
  phone: string;
}

/** The README's `register` form, with the country choice shown and a button that calls `setFocus`. */
function RegisterForm({
  onSave,
  showCountry = true,
}: {
  onSave: (text: string, e164: string) => void;
  showCountry?: boolean;
}) {
  const { register, handleSubmit, setFocus, formState } = useForm<Values>();
  const country: PhoneCountry = 'SE';
  const save = ({ phone }: Values) => {
    const parsed = parsePhoneNumber(phone, country);
    if (parsed.ok) onSave(phone, parsed.e164);
  };
  return (
    <form onSubmit={handleSubmit(save)}>
      <PhoneInput
        {...register('phone', {
          validate: (text) => parsePhoneNumber(text, country).ok || 'Enter your mobile number',
        })}
        defaultCountry={country}
        showCountry={showCountry}
        error={formState.errors.phone?.message}
      />
      <button type="button" onClick={() => setFocus('phone')}>
        Edit number
      </button>
      <button type="submit">Save</button>
    </form>
  );
}

/** The README's `Controller` form, with buttons that call `setFocus` and `setValue`. */
function ControllerForm({ onSave }: { onSave: (values: Values) => void }) {
  const { control, handleSubmit, setFocus, setValue } = useForm<Values>({ defaultValues: { phone: '' } });
  return (
    <form onSubmit={handleSubmit(onSave)}>
      <Controller
        name="phone"
        control={control}
        rules={{ required: 'Enter your mobile number' }}
        render={({ field, fieldState }) => (
          <PhoneInput
            ref={field.ref}
            name={field.name}
            value={field.value}
            onValueChange={(e164) => field.onChange(e164)}
            onBlur={field.onBlur}
            error={fieldState.error?.message}
          />
        )}
      />
      <button type="button" onClick={() => setFocus('phone')}>
        Edit number
      </button>
      <button type="button" onClick={() => setValue('phone', '+4741234567')}>
        Use the Norwegian number
      </button>
      <button type="submit">Save</button>
    </form>
  );
}

describe('PhoneInput with react-hook-form’s register', () => {
  it('gives the form the field’s own text, formatted as the shopper sees it (not E.164)', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    render(<RegisterForm onSave={onSave} />);
    await user.type(phoneBox(), '0701234567');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    // The input's value, not the country <select>'s "SE" (what a ref on the wrapper would give).
    expect(onSave).toHaveBeenCalledWith('070 123 45 67', '+46701234567');
    expect(phoneBox()).toHaveValue('070 123 45 67');
  });

  it('shows the validation message at the field and focuses the <input>, then setFocus reaches it too', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    render(<RegisterForm onSave={onSave} />);
    await user.type(phoneBox(), '070123');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(phoneBox()).toHaveAttribute('aria-invalid', 'true'));
    expect(phoneBox()).toHaveAccessibleDescription(expect.stringContaining('Enter your mobile number'));
    // react-hook-form focuses the first invalid field through its ref.
    expect(phoneBox()).toHaveFocus();
    expect(onSave).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Edit number' }));
    expect(phoneBox()).toHaveFocus();
    expect(countryBox()).not.toHaveFocus();
  });

  it('works the same without the country choice, as the README writes it', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    render(<RegisterForm onSave={onSave} showCountry={false} />);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(phoneBox()).toHaveFocus());
    expect(screen.getByText('Enter your mobile number')).toBeInTheDocument();
    await user.type(phoneBox(), '0701234567');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledWith('070 123 45 67', '+46701234567'));
    expect(screen.queryByText('Enter your mobile number')).not.toBeInTheDocument();
  });
});

describe('PhoneInput with react-hook-form’s Controller', () => {
  it('submits the number in E.164 through value and onValueChange', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    render(<ControllerForm onSave={onSave} />);
    await user.type(phoneBox(), '070-123 45 67');
    expect(phoneBox()).toHaveValue('070 123 45 67');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]![0]).toEqual({ phone: '+46701234567' });
  });

  it('refuses an empty or incomplete number with its message at the field, and focuses the <input>', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    render(<ControllerForm onSave={onSave} />);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(screen.getByText('Enter your mobile number')).toBeInTheDocument());
    expect(phoneBox()).toHaveAttribute('aria-invalid', 'true');
    expect(phoneBox()).toHaveAccessibleDescription(expect.stringContaining('Enter your mobile number'));
    // Focus through `field.ref`: a <div> given that ref would not take it.
    expect(phoneBox()).toHaveFocus();

    // An incomplete number is '' to the form, so `required` refuses it too.
    await user.type(phoneBox(), '070123');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(phoneBox()).toHaveFocus());
    expect(screen.getByText('Enter your mobile number')).toBeInTheDocument();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('moves focus to the <input> with setFocus', async () => {
    const user = userEvent.setup();
    render(<ControllerForm onSave={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Edit number' }));
    expect(phoneBox()).toHaveFocus();
  });

  it('shows a number the form sets, formatted', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn();
    render(<ControllerForm onSave={onSave} />);
    await user.click(screen.getByRole('button', { name: 'Use the Norwegian number' }));
    expect(phoneBox()).toHaveValue('+47 412 34 567');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]![0]).toEqual({ phone: '+4741234567' });
  });
});
