import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  // Node-environment tests (the emulator's HTTP server) have no Web Storage.
  if (typeof sessionStorage !== 'undefined') sessionStorage.clear();
});

// Development builds explain every guard refusal in the console. Tests that refuse thousands of
// generated URLs would print each one: the explanations are kept out of the test output here, and
// the tests about them (test/core/development.test.ts) spy on console.warn themselves.
const printWarning = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const refusal = /^react-dintero-pay: (refused|dropped|paymentProductType is empty)/;
  if (typeof args[0] === 'string' && refusal.test(args[0])) return;
  printWarning(...args);
};
