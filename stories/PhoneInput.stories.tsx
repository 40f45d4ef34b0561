import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn } from 'storybook/test';
import { PhoneInput, type PhoneCountry } from '../src';

const meta = {
  title: 'Components/PhoneInput',
  component: PhoneInput,
  tags: ['autodocs'],
  args: { onValueChange: fn() },
} satisfies Meta<typeof PhoneInput>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {
  play: async ({ canvas }) => {
    const input = canvas.getByRole('textbox', { name: 'Mobile number' });
    await expect(input).toHaveValue('');
    await expect(input).toHaveAttribute('type', 'tel');
    await expect(input).toHaveAttribute('autocomplete', 'tel');
    await expect(input).not.toHaveAttribute('aria-invalid');
    await expect(input).toHaveAccessibleDescription('The payment request is sent to this number.');
    await expect(canvas.getByRole('combobox', { name: 'Country' })).toHaveValue('SE');
  },
};

function countryStory(country: PhoneCountry, name: string, callingCode: string): Story {
  return {
    name: `Default country ${country}`,
    args: { defaultCountry: country },
    play: async ({ canvas }) => {
      const select = canvas.getByRole('combobox', { name: 'Country' });
      await expect(select).toHaveValue(country);
      await expect(canvas.getByRole('option', { selected: true })).toHaveTextContent(
        `${name} (+${callingCode})`,
      );
    },
  };
}

export const DefaultCountrySE = countryStory('SE', 'Sweden', '46');
export const DefaultCountryNO = countryStory('NO', 'Norway', '47');
export const DefaultCountryDK = countryStory('DK', 'Denmark', '45');
export const DefaultCountryFI = countryStory('FI', 'Finland', '358');

export const PrefilledValid: Story = {
  name: 'Prefilled, valid',
  args: { defaultValue: '+46701234567' },
  play: async ({ canvas }) => {
    const input = canvas.getByRole('textbox', { name: 'Mobile number' });
    // A number given in E.164 is shown in international form.
    await expect(input).toHaveValue('+46 70 123 45 67');
    await expect(input).not.toHaveAttribute('aria-invalid');
  },
};

export const InvalidWithError: Story = {
  name: 'Invalid, with error shown',
  args: { defaultValue: '0701', error: true },
  play: async ({ canvas }) => {
    const input = canvas.getByRole('textbox', { name: 'Mobile number' });
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(canvas.getByText('The number is too short.')).toBeVisible();
    await expect(input).toHaveAccessibleDescription(expect.stringContaining('The number is too short.'));
  },
};

export const WithHint: Story = {
  name: 'With hint',
  args: { hint: 'Use the number your Swish app is registered to.' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('textbox', { name: 'Mobile number' })).toHaveAccessibleDescription(
      'Use the number your Swish app is registered to.',
    );
  },
};

export const WithoutHint: Story = {
  name: 'Without hint',
  args: { hint: null },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('textbox', { name: 'Mobile number' })).toHaveAccessibleDescription('');
  },
};

export const WithoutCountrySelect: Story = {
  name: 'Without country select',
  args: { showCountry: false, defaultValue: '+4791234567' },
  play: async ({ canvas }) => {
    await expect(canvas.queryByRole('combobox')).toBeNull();
    await expect(canvas.getByRole('textbox', { name: 'Mobile number' })).toHaveValue('+47 912 34 567');
  },
};

export const Disabled: Story = {
  args: { defaultValue: '+46701234567', disabled: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('textbox', { name: 'Mobile number' })).toBeDisabled();
    await expect(canvas.getByRole('combobox', { name: 'Country' })).toBeDisabled();
  },
};

export const FormatsAsYouType: Story = {
  name: 'Formats as you type',
  args: { onValueChange: fn() },
  play: async ({ args, canvas, userEvent }) => {
    const input = canvas.getByRole('textbox', { name: 'Mobile number' });
    await userEvent.type(input, '070 123 45 67');
    await expect(input).toHaveValue('070 123 45 67');
    await expect(args.onValueChange).toHaveBeenLastCalledWith('+46701234567', {
      valid: true,
      country: 'SE',
    });
    // Incomplete input is reported as '' so a half-typed number is never sent.
    await userEvent.clear(input);
    await userEvent.type(input, '070 12');
    await expect(input).toHaveValue('070 12');
    await expect(args.onValueChange).toHaveBeenLastCalledWith('', expect.objectContaining({ valid: false }));
  },
};
