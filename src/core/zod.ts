/**
 * zod/mini, configured once for the whole library. Every core module imports `z` from here (this
 * module is internal: `index.ts` does not re-export it), so a bundle imports zod only once.
 */
import * as z from 'zod/mini';

// zod compiles object parsers with `new Function` unless told not to. That would trip a strict
// Content-Security-Policy (no 'unsafe-eval') even though zod catches the failure, so the library
// turns the compiler off. It is a global zod setting; parsing stays correct, only a little slower.
z.config({ jitless: true });

export { z };
