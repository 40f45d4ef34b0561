import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'storybook-static',
      'coverage',
      'public',
      'examples/*/.next',
      'examples/*/next-env.d.ts',
      // What the other examples' builds write: Vite's dist/, React Router's build/ and its types.
      'examples/*/dist',
      'examples/*/build',
      'examples/*/.react-router',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The core is framework-free: it must never reach for React or the React Query bindings. Its
    // functions stay short enough to read at once: decisions are small functions of the machine.
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-dom', 'react/*', '@tanstack/*', '../react/*', '../components/*'] },
      ],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Components never read the page while rendering: what has focus, another component's element.
    // They register their elements with the page controller and ask it, in effects and handlers.
    files: ['src/components/**', 'src/react/**'],
    ignores: ['src/react/page-controller.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[property.name=/^(activeElement|getElementById|querySelector|querySelectorAll|getElementsByClassName|getElementsByTagName|elementFromPoint)$/]',
          message:
            'Read the page through the page controller (src/react/page-controller.ts), in an effect or an event handler, never while rendering.',
        },
      ],
    },
  },
  {
    files: ['src/react/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['../components/*', '../testing/*'] }] },
  },
);
