export declare const WEBKIT_WEBDRIVER_PATH: string;
export declare const MINIBROWSER_PATH: string;
export declare const XVFB_PATH: string;

/** A running WebKitWebDriver on a virtual display of its own. */
export interface WebKitDriver {
  /** The driver's WebDriver endpoint, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The X display number the browser draws on. */
  display: number;
  /** Stops the driver (and any browser it started), then the display. */
  stop(): Promise<void>;
}

export declare function webkitCapabilities(options?: { proxy?: string }): Record<string, unknown>;
export declare function startWebKitDriver(): Promise<WebKitDriver>;
