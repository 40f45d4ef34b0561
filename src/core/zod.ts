/**
 * zod/mini, imported once for the whole library. Every core module imports `z` from here (this
 * module is internal: `index.ts` does not re-export it), so a bundle imports zod only once.
 *
 * zod's global configuration is deliberately left alone: it belongs to the host app. zod/mini's
 * object parser never compiles code with `new Function`, so a strict Content-Security-Policy
 * (no 'unsafe-eval') holds without turning zod's JIT off for the merchant's own schemas.
 */
import * as z from 'zod/mini';

export { z };
