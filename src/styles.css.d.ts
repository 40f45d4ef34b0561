// Types for `import 'react-dintero-pay/styles.css'`: the stylesheet has no exports, and its side-effect
// import type-checks on every TypeScript (6 and 7 check side-effect imports) without a `*.css` declaration.
export {};
