import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useMemo, useState } from 'react';
import { expect, fn, waitFor, within } from 'storybook/test';
import {
  en,
  PayButton,
  PayError,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  type MessageKey,
} from '../src';
import { fakeSession } from './fixtures';

const meta = {
  title: 'Components/PaymentError',
  component: PaymentError,
  tags: ['autodocs'],
  args: { onRetry: fn(), onChooseAnotherMethod: fn() },
} satisfies Meta<typeof PaymentError>;

export default meta;
type Story = StoryObj<typeof meta>;

interface Expected {
  message: MessageKey;
  retry: boolean;
  chooseAnother: boolean;
}

/** A story for one error: the catalogue message it must show and the ways forward it must offer. */
function errorStory(name: string, error: PayError, expected: Expected): Story {
  return {
    name,
    // Fresh spies per story, so each count starts at zero.
    args: { error, onRetry: fn(), onChooseAnotherMethod: fn() },
    play: async ({ args, canvasElement, userEvent }) => {
      const alert = within(canvasElement).getByRole('alert');
      await expect(alert).toHaveAttribute('data-kind', error.kind);
      await expect(within(alert).getByText(en[expected.message])).toBeVisible();
      const retry = within(alert).queryByRole('button', { name: 'Try again' });
      const choose = within(alert).queryByRole('button', { name: 'Choose another payment method' });
      await expect(Boolean(retry)).toBe(expected.retry);
      await expect(Boolean(choose)).toBe(expected.chooseAnother);
      if (retry && !error.retryAfterMs) {
        await userEvent.click(retry);
        await expect(args.onRetry).toHaveBeenCalledTimes(1);
      }
      if (choose) {
        await userEvent.click(choose);
        await expect(args.onChooseAnotherMethod).toHaveBeenCalledTimes(1);
      }
    },
  };
}

const retryOnly = { retry: true, chooseAnother: false };
const chooseOnly = { retry: false, chooseAnother: true };

export const Network = errorStory('network', new PayError('network'), {
  message: 'error.network',
  ...retryOnly,
});

export const Offline = errorStory('offline', new PayError('offline'), {
  message: 'error.offline',
  ...retryOnly,
});

export const Timeout = errorStory('timeout', new PayError('timeout'), {
  message: 'error.timeout',
  ...retryOnly,
});

export const InvalidRequest = errorStory(
  'invalid_request',
  new PayError('invalid_request', { httpStatus: 400 }),
  { message: 'error.invalid_request', ...chooseOnly },
);

/** A form whose Pay ends in `error`, as the real session would after the pay call. */
function FailingCheckout({ error }: { error: PayError }) {
  const [failed, setFailed] = useState(false);
  const session = useMemo(
    () =>
      failed
        ? // The press of Pay is recorded by the real session; it is what lets focus move.
          fakeSession({ status: 'failed', error, shopperActed: true })
        : fakeSession({ pay: () => setFailed(true) }),
    [failed, error],
  );
  return (
    <PaySessionProvider session={session}>
      <div className="shop-stack">
        <PhoneInput defaultValue="+46701234567" />
        <PaymentError onChooseAnotherMethod={() => undefined} />
        <PayButton amount={24900} currency="SEK" />
      </div>
    </PaySessionProvider>
  );
}

/**
 * Dintero named the phone number: focus moves to that field, which the message describes, and the
 * message goes away as soon as the shopper changes the number.
 */
export const InvalidRequestPhoneNumber: Story = {
  name: 'invalid_request (field phone_number), cleared on edit',
  args: { error: new PayError('invalid_request', { field: 'phone_number', httpStatus: 400 }) },
  render: (args) => <FailingCheckout error={args.error!} />,
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: /^Pay/ }));
    const input = canvas.getByRole('textbox', { name: 'Mobile number' });
    await waitFor(() => expect(input).toHaveFocus());
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(input).toHaveAccessibleDescription(new RegExp(`${en['phone.invalid']}$`)));
    // Read with the field, not a second time as an alert; the Pay button steps back meanwhile.
    await expect(canvas.queryByRole('alert')).toBeNull();
    await expect(canvas.getByRole('button', { name: /^Pay/ })).toHaveAttribute('data-error-shown');

    await userEvent.type(input, '{Backspace}8');
    await expect(canvas.queryByText(en['phone.invalid'])).toBeNull();
    await expect(input).not.toHaveAttribute('aria-invalid');
    await expect(canvas.getByRole('button', { name: /^Pay/ })).not.toHaveAttribute('data-error-shown');
  },
};

/** A permanent refusal naming the phone: focus goes to the message, whose way forward is another method. */
export const RejectedPermanentAfterPay: Story = {
  name: 'rejected, permanent (after Pay: focus to the message)',
  args: {
    error: new PayError('rejected', { code: 'wrong_ssn', category: 'permanent', field: 'phone_number' }),
  },
  render: (args) => <FailingCheckout error={args.error!} />,
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: /^Pay/ }));
    const message = canvas.getByText(en['error.permanent']);
    await waitFor(() => expect(message.parentElement).toHaveFocus());
    await expect(canvas.getByRole('textbox', { name: 'Mobile number' })).not.toHaveAttribute('aria-invalid');
    await expect(canvas.getByRole('button', { name: 'Choose another payment method' })).not.toHaveClass(
      'rdp-secondary',
    );
  },
};

export const SessionNotFound = errorStory(
  'session_not_found',
  new PayError('session_not_found', { httpStatus: 404 }),
  { message: 'error.session_not_found', ...chooseOnly },
);

export const SessionChanged = errorStory(
  'session_changed',
  new PayError('session_changed', { httpStatus: 412 }),
  { message: 'error.session_changed', ...chooseOnly },
);

/**
 * A session whose `Retry-After` wait ends `waitMs` after it is shown: until then the session says
 * "Try again" cannot start (`canRetry: false`), as the real one does.
 */
function RateLimitedSession({
  error,
  waitMs,
  onRetry,
}: {
  error: PayError;
  waitMs: number;
  onRetry: () => void;
}) {
  const [canRetry, setCanRetry] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setCanRetry(true), waitMs);
    return () => clearTimeout(timer);
  }, [waitMs]);
  const session = useMemo(
    () => fakeSession({ status: 'failed', error, canRetry, retry: onRetry }),
    [error, canRetry, onRetry],
  );
  return <PaymentError session={session} />;
}

/** "Try again" waits out Dintero's `Retry-After` (the session says when) before it does anything. */
export const RateLimited: Story = {
  ...errorStory('rate_limited (Retry-After 1.5 s)', new PayError('rate_limited', { retryAfterMs: 1500 }), {
    message: 'error.rate_limited',
    ...retryOnly,
  }),
  render: (args) => <RateLimitedSession error={args.error!} waitMs={1500} onRetry={args.onRetry!} />,
  play: async ({ args, canvas, userEvent }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent(en['error.rate_limited']);
    const retry = canvas.getByRole('button', { name: 'Try again' });
    await expect(canvas.getByText(en['error.retry_wait'])).toBeVisible();
    await expect(retry).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(retry);
    await expect(args.onRetry).not.toHaveBeenCalled();

    await waitFor(() => expect(retry).not.toHaveAttribute('aria-disabled'), { timeout: 3000 });
    await expect(canvas.queryByText(en['error.retry_wait'])).toBeNull();
    await userEvent.click(retry);
    await expect(args.onRetry).toHaveBeenCalledTimes(1);
  },
};

export const Server = errorStory('server', new PayError('server', { httpStatus: 503 }), {
  message: 'error.server',
  ...retryOnly,
});

export const InvalidResponse = errorStory('invalid_response', new PayError('invalid_response'), {
  message: 'error.invalid_response',
  ...chooseOnly,
});

export const UnsafeUrl = errorStory('unsafe_url', new PayError('unsafe_url'), {
  message: 'error.unsafe_url',
  ...chooseOnly,
});

export const Rejected = errorStory('rejected', new PayError('rejected'), {
  message: 'error.rejected',
  retry: true,
  chooseAnother: true,
});

export const RejectedPermanent = errorStory(
  'rejected (permanent)',
  new PayError('rejected', { code: 'wrong_ssn', category: 'permanent' }),
  { message: 'error.permanent', ...chooseOnly },
);

export const ActionRequired = errorStory(
  'action_required',
  new PayError('action_required', {
    code: 'authentication_required',
    category: 'action',
    operations: [
      {
        href: 'https://checkout.dintero.com/v1/sessions/T11223344.storybook/authenticate',
        method: 'POST',
        content_type: 'application/json',
        rel: '3d-secure-init-hosted',
      },
    ],
  }),
  { message: 'error.action_required', ...chooseOnly },
);

/** A code this library has never heard of gets the generic message, never the server's text. */
export const UnknownCode = errorStory(
  'unknown code',
  new PayError('invalid_request', { code: 'brand_new_code_from_dintero', httpStatus: 400 }),
  { message: 'error.generic', ...chooseOnly },
);

/** Without `onChooseAnotherMethod` a permanent error offers no button, only the explanation. */
export const WithoutChooseAnotherMethod: Story = {
  name: 'Permanent, without "choose another method"',
  args: { error: new PayError('session_not_found'), onChooseAnotherMethod: undefined },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent(en['error.session_not_found']);
    await expect(canvas.queryByRole('button')).toBeNull();
  },
};
