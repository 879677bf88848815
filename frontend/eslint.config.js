import { readdirSync } from 'node:fs';

import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// One-way imports (bulletproof-react): src/app composes features; a feature uses shared code
// and its own files only; shared code (src/components, src/lib) imports no feature and not the
// app. What two features share moves to src/components or src/lib. Zones see the resolved file,
// so a relative `../../features/x` is caught as well as `@/features/x`.
const features = readdirSync(new URL('./src/features', import.meta.url));
const SHARED = 'src/components and src/lib are shared: they may not import a feature or the app; move what they need into shared code';
const importZones = [
  { target: './src/components', from: ['./src/features', './src/app'], message: SHARED },
  { target: './src/lib', from: ['./src/features', './src/app'], message: SHARED },
  { target: './src/features', from: './src/app', message: 'A feature may not import the app: the app composes features.' },
  ...features.map((feature) => ({
    target: `./src/features/${feature}`,
    from: './src/features',
    except: [`./${feature}`],
    message: `src/features/${feature} may not import another feature; share through src/components or src/lib.`,
  })),
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'src/lib/api/schema.ts'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.strict],
    languageOptions: { ecmaVersion: 2023, globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: {
      // Parse TypeScript modules (for no-cycle) and resolve the `@/` alias as tsc does.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'import-x/no-restricted-paths': ['error', { zones: importZones }],
      'import-x/no-cycle': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          // Only the server-sanitised Markdown fields may be rendered as HTML; each use is
          // allowed by name with an eslint-disable comment that says why.
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'No raw HTML: only server-sanitised fields (challenge_html, idea_html, description_html) may use it.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // A form that opens at the user's request (edit, reply) takes focus from the button that
      // opened it and is gone; focus on page load stays forbidden on plain elements.
      'jsx-a11y/no-autofocus': ['error', { ignoreNonDOM: true }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
  },
  {
    // Browser tests hand callbacks to the page, where browser globals exist.
    files: ['e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
