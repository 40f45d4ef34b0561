// How the cross-engine tests start Firefox: Debian's Firefox ESR (test tools cannot download their
// own Firefox builds here), driven over WebDriver BiDi, which Firefox speaks itself (no geckodriver).
// The driving library's automation preferences already keep it off the network and give the page
// focus in the background. FIREFOX_PATH overrides the binary.

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
