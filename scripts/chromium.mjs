// How every browser run of the project starts Chromium: Debian's package (test tools cannot
// download browsers on these machines), with the background services that would reach for the
// network switched off. CHROMIUM_PATH overrides the binary.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
  '--disable-dev-shm-usage',
];
