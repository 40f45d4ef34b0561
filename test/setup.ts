import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  // Node-environment tests (the emulator's HTTP server) have no Web Storage.
  if (typeof sessionStorage !== 'undefined') sessionStorage.clear();
});
