import type { Config } from '@react-router/dev/config';

// Server rendering: every page is rendered on the server, then hydrated.
export default { ssr: true } satisfies Config;
