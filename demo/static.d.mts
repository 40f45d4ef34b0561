import type { DinteroEmulator } from '../src/testing';
import type { ShopServer } from './shop-server';

export interface BuildDemoOptions {
  /** Where the build goes (emptied first); default a new temporary folder. */
  outDir?: string | undefined;
  /** Silence Vite's output; default true. */
  quiet?: boolean | undefined;
}

export interface ServeBuiltDemoOptions {
  /** A folder made by `buildDemo`. */
  outDir: string;
  /** Storefront port; default 0 (any free port). */
  port?: number | undefined;
  /** Emulator port; default 0 (any free port). */
  emulatorPort?: number | undefined;
  /** Interface the storefront binds; default `localhost`. The emulator always binds 127.0.0.1. */
  host?: string | undefined;
  /**
   * `Content-Security-Policy` sent with every response: `true` (default) for `strictCsp(emulatorUrl)`,
   * a string for that policy, `false` for none.
   */
  csp?: boolean | string | undefined;
}

export interface BuiltDemoServers {
  /** The shop, e.g. `http://localhost:4173` (no trailing slash). */
  storefrontUrl: string;
  /** The emulator, e.g. `http://127.0.0.1:5174`; its control API is under `/__emulator`. */
  emulatorUrl: string;
  /** `${emulatorUrl}/v1`: what the page uses with `?direct` (through CORS). */
  apiBaseUrl: string;
  /** The page's default `baseUrl`: the shop's proxy, `/api/dintero/v1`. */
  proxyBaseUrl: string;
  /** The emulator engine behind the server. */
  emulator: DinteroEmulator;
  /** The shop's own server: its orders, with the callbacks Dintero made. */
  shop: ShopServer;
  /** The policy sent with every response ('' for none). */
  csp: string;
  /** Stops both servers (the build folder stays). */
  close(): Promise<void>;
}

/** `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' <emulator>`. */
export function strictCsp(emulatorUrl: string): string;
/** Builds the shop and its return page for production; resolves to the output folder. */
export function buildDemo(options?: BuildDemoOptions): Promise<string>;
/** Serves a build next to a Dintero emulator, with the emulator's URL added to each page. */
export function serveBuiltDemo(options: ServeBuiltDemoOptions): Promise<BuiltDemoServers>;
