/**
 * One polite live region for the whole page, as React Aria's announcer: it lives outside any
 * component, so a component keeps a single root, and it is in the DOM (empty) before its first
 * message, so screen readers are listening when the text arrives. Styled through the CSSOM, which
 * a strict CSP allows, so it is hidden even without the library's stylesheet.
 */
let region: HTMLElement | undefined;
let users = 0;

const VISUALLY_HIDDEN: [string, string][] = [
  ['position', 'absolute'],
  ['width', '1px'],
  ['height', '1px'],
  ['margin', '-1px'],
  ['padding', '0'],
  ['overflow', 'hidden'],
  ['clip', 'rect(0 0 0 0)'],
  ['white-space', 'nowrap'],
  ['border', '0'],
];

/** Puts the live region in the page for as long as a component that announces is mounted. */
export function mountAnnouncer(): () => void {
  users += 1;
  if (!region) {
    region = document.createElement('div');
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    region.setAttribute('data-rdp-announcer', '');
    for (const [property, value] of VISUALLY_HIDDEN) region.style.setProperty(property, value);
    document.body.append(region);
  }
  return () => {
    users -= 1;
    if (users === 0) {
      region?.remove();
      region = undefined;
    }
  };
}

/** Says `message` politely; an empty message clears the region. */
export function announce(message: string): void {
  if (region && region.textContent !== message) region.textContent = message;
}
