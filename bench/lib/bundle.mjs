import { build, transform } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dist, ROOT } from './paths.mjs';

/** What a storefront already ships: never counted. */
const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*'];
/** The package's peers stay external when measuring the package itself, as a bundler would share them. */
const PEERS = [...REACT, '@tanstack/react-query', 'zod', 'zod/*', 'msw', 'msw/*', 'node:*'];

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Minified and gzipped size of the bundle a storefront would get from `source` (an entry module). */
async function bundleSize(source, external) {
  const result = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzip(code) };
}

async function cssSize(path) {
  const { code } = await transform(readFileSync(path, 'utf8'), { loader: 'css', minify: true });
  const bytes = Buffer.from(code);
  return { min: bytes.length, gzip: gzip(bytes) };
}

const LIBRARY = JSON.stringify(dist('index.js'));
const named = (name) => `export { ${name} } from ${LIBRARY};`;
/** The languages besides English, each an entry of its own. */
export const LOCALES = ['nb', 'sv', 'da', 'fi'];
/** A catalogue as a shop imports it: `import { sv } from 'react-dintero-pay/locales/sv'`. */
const catalogue = (code) => `export { ${code} } from ${JSON.stringify(dist(`locales/${code}.js`))};`;

/**
 * Every bundle figure of the table, measured now. Keys are stable names used by the report.
 * The Adyen figure is its Swish component through the tree-shakable ESM API, JavaScript only: its
 * stylesheet only styles the component (it works without it), so it is measured on its own row.
 * The storefront figures leave out React only, as every shop already ships it; React Stripe.js is
 * its wrapper and Stripe's loader, which fetches Stripe.js itself from Stripe at run time.
 */
export async function measureBundles() {
  const stylesPath = existsSync(dist('styles.css')) ? dist('styles.css') : `${ROOT}src/styles.css`;
  const jobs = {
    library: () => bundleSize(`export * from ${LIBRARY};`, PEERS),
    core: () => bundleSize(`export * from ${JSON.stringify(dist('core.js'))};`, PEERS),
    testing: () => bundleSize(`export * from ${JSON.stringify(dist('testing.js'))};`, PEERS),
    ...(existsSync(dist('server.js'))
      ? { server: () => bundleSize(`export * from ${JSON.stringify(dist('server.js'))};`, PEERS) }
      : {}),
    ...Object.fromEntries(
      LOCALES.map((code) => [`locale_${code}`, () => bundleSize(catalogue(code), PEERS)]),
    ),
    styles: () => cssSize(stylesPath),
    PayButton: () => bundleSize(named('PayButton'), PEERS),
    PhoneInput: () => bundleSize(named('PhoneInput'), PEERS),
    SwishApprovalView: () => bundleSize(named('SwishApprovalView'), PEERS),
    PaymentError: () => bundleSize(named('PaymentError'), PEERS),
    PaySessionProvider: () => bundleSize(named('PaySessionProvider'), PEERS),
    usePaySession: () => bundleSize(named('usePaySession'), PEERS),
    storefront: () => bundleSize(`export * from ${LIBRARY};`, REACT),
    storefrontSv: () => bundleSize(`export * from ${LIBRARY};\n${catalogue('sv')}`, REACT),
    adyenSwish: () => bundleSize(`export { AdyenCheckout, Swish } from '@adyen/adyen-web';`, []),
    adyenCss: () => cssSize(`${ROOT}node_modules/@adyen/adyen-web/dist/es/adyen.css`),
    dintero: () => bundleSize(`export * from '@dintero/checkout-web-sdk';`, []),
    stripe: () =>
      bundleSize(
        `export { Elements, PaymentElement } from '@stripe/react-stripe-js';\n` +
          `export { loadStripe } from '@stripe/stripe-js';`,
        REACT,
      ),
  };
  const sizes = {};
  // One at a time: esbuild is fast, and parallel builds would only compete for two cores.
  for (const [key, job] of Object.entries(jobs)) sizes[key] = await job();
  return { sizes, stylesPath: stylesPath.slice(ROOT.length) };
}
