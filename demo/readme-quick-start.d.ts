// The README's quick start (its `App.tsx`), which `npm start` serves under this module id.
declare module 'virtual:readme-quick-start' {
  /** The README's `App`; this page gives it only what the README says the page needs: the session id. */
  export function App(props: { sessionId: string }): import('react').JSX.Element;
}
