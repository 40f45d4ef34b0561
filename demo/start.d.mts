import type { DinteroProxyHandler } from '../src/server';
import type { DinteroEmulator } from '../src/testing';
import type { ShopServer } from './shop-server';

export interface StartDemoOptions {
  /** Storefront port; default 5173 (the next free one when taken); 0 picks any free port. */
  port?: number | undefined;
  /** Emulator port; default 5174 (any free one when taken); 0 picks any free port. */
  emulatorPort?: number | undefined;
  /** Interface the storefront binds; default `localhost`. The emulator always binds 127.0.0.1. */
  host?: string | undefined;
  /** Silence Vite's warnings (tests). */
  quiet?: boolean | undefined;
  /** Watch files and reload pages on edits; default true. */
  watch?: boolean | undefined;
  /** Vite's dependency cache, relative to the repository; default `node_modules/.vite/demo`. */
  cacheDir?: string | undefined;
}

export interface DemoServers {
  /** The shop, e.g. `http://localhost:5173` (no trailing slash). */
  storefrontUrl: string;
  /** The emulator, e.g. `http://127.0.0.1:5174`; its control API is under `/__emulator`. */
  emulatorUrl: string;
  /** The emulator's API base, `${emulatorUrl}/v1`: what the page uses with `?direct` (through CORS). */
  apiBaseUrl: string;
  /** What the page passes to `usePaySession` as `baseUrl` by default: the shop's proxy, `/api/dintero/v1`. */
  proxyBaseUrl: string;
  /** The emulator engine behind the server (approve, decline, request log…). */
  emulator: DinteroEmulator;
  /** The shop's own server: its orders, with the callbacks Dintero made. */
  shop: ShopServer;
  /** Stops both servers. */
  close(): Promise<void>;
}

/** Where the shop mounts the proxy: `/api/dintero`. */
export const PROXY_PATH: string;
/** Where the shop's own server answers: `/api/shop`. */
export const SHOP_API_PATH: string;
export function createProxy(server: typeof import('../src/server'), emulatorUrl: string): DinteroProxyHandler;
export function startDemo(options?: StartDemoOptions): Promise<DemoServers>;
