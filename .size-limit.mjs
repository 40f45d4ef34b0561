// Sizes as a shop ships them: a production build (bundlers replace process.env.NODE_ENV, so
// development-only warnings and their words drop out), min+gzip, peers external.
const production = (config) => ({
  ...config,
  define: { ...config.define, 'process.env.NODE_ENV': '"production"' },
});

export default [
  {
    name: 'usePaySession (with the core it uses)',
    import: {
      'dist/index.js': '{ usePaySession }',
    },
    gzip: true,
    limit: '8.35 kB',
    modifyEsbuildConfig: production,
  },
  {
    name: 'react-dintero-pay/core (everything) + usePaySession',
    import: {
      'dist/core.js': '*',
      'dist/index.js': '{ usePaySession }',
    },
    gzip: true,
    limit: '9.65 kB',
    modifyEsbuildConfig: production,
  },
  {
    name: 'react-dintero-pay (the whole . entry, English built in)',
    import: {
      'dist/index.js': '*',
    },
    gzip: true,
    limit: '16.2 kB',
    modifyEsbuildConfig: production,
  },
  {
    name: 'react-dintero-pay/locales/nb (`{ nb }`, as a shop imports it)',
    import: {
      'dist/locales/nb.js': '{ nb }',
    },
    gzip: true,
    limit: '1.35 kB',
    modifyEsbuildConfig: production,
  },
  {
    name: 'react-dintero-pay/locales/sv (`{ sv }`, as a shop imports it)',
    import: {
      'dist/locales/sv.js': '{ sv }',
    },
    gzip: true,
    limit: '1.35 kB',
    modifyEsbuildConfig: production,
  },
  {
    name: 'react-dintero-pay/locales/da (`{ da }`, as a shop imports it)',
    import: {
      'dist/locales/da.js': '{ da }',
    },
    gzip: true,
    limit: '1.35 kB',
    modifyEsbuildConfig: production,
  },
  {
    name: 'react-dintero-pay/locales/fi (`{ fi }`, as a shop imports it)',
    import: {
      'dist/locales/fi.js': '{ fi }',
    },
    gzip: true,
    limit: '1.35 kB',
    modifyEsbuildConfig: production,
  },
  {
    name: 'PayButton alone (tree-shaking: no hook)',
    import: {
      'dist/index.js': '{ PayButton }',
    },
    gzip: true,
    limit: '3.9 kB',
    modifyEsbuildConfig: production,
  },
  {
    name: 'react-dintero-pay/styles.css',
    path: 'dist/styles.css',
    gzip: true,
    limit: '2.5 kB',
  },
];
