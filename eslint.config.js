/**
 * Lint of the whole tree, run by `npm test` (`npm run lint`). Two jobs:
 *  1. The layers (ARCHITECTURE.md): which folder may import which. Do not relax these rules to make
 *     an import pass; move the code to the layer it belongs to instead.
 *  2. A TypeScript/Svelte baseline: the recommended rules plus the style guide's habits (braces
 *     always, no `any`, no `.only` in tests).
 */
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** An import-source regex and why it is refused (folders as path segments of a relative import). */
const forbid = (regex, message) => ({ regex, message });

const ELECTRON = forbid('^electron$', 'Only src-main/electron and src-preload may import electron.');
const NODE = forbid('^node:', 'This code runs in the renderer (browser or sandbox): no Node built-ins.');
const TO_CLI = forbid('/cli(/|$)', 'Nothing imports the CLI: it is a front end of the engine.');
const TO_WORKBENCH = forbid('/workbench(/|$)', 'Only the hosts (web, electron, cli serve) import the workbench back end.');
const TO_WEB = forbid('/web(/|$)', 'Only the CLI (`ecgnq serve`) imports the web host.');
const TO_ELECTRON_FOLDER = forbid('/electron(/|$)', 'Nothing imports the Electron host.');
const TO_MAIN = forbid('/src-main(/|$)', 'This layer sees the back end only through src-shared (the contract and its types).');
const TO_RENDERER = forbid('/src-renderer(/|$)', 'Nothing imports the renderer.');
const TO_PRELOAD = forbid('/src-preload(/|$)', 'Nothing imports the preload.');

/** `no-restricted-imports` for a folder: the complete list of what it may not import (its tests aside). */
function layer(files, ...patterns) {
  return { files, ignores: ['**/*.spec.ts'], rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

/** Focused tests (`.only`) never reach the repository. */
const NO_ONLY = ['describe', 'it', 'test'].map((object) => ({ object, property: 'only', message: 'Focused tests (.only) must not be committed.' }));

/** Channel names are spelled only in the contract (src-shared). */
const CHANNEL_LITERAL = {
  selector: 'Literal[value=/^ecg:[a-z]/], TemplateElement[value.raw=/^ecg:[a-z]/]',
  message: 'Use the CHANNEL / EVENT constants of src-shared/contract-names.ts, not channel strings.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.venv/**', 'training/**', 'docs/**', 'resources/**', 'tmp/**', 'test/fixtures/**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'always'],
      'no-restricted-properties': ['error', ...NO_ONLY],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // 1. Layers. Every file may not import `electron` unless its folder says so below.
  layer(['**/*.{ts,js,mjs,svelte}'], ELECTRON),
  layer(['src-main/engine/**'], ELECTRON, TO_CLI, TO_WORKBENCH, TO_WEB, TO_ELECTRON_FOLDER, TO_RENDERER, TO_PRELOAD),
  layer(['src-main/workbench/**'], ELECTRON, TO_CLI, TO_WEB, TO_ELECTRON_FOLDER, TO_RENDERER, TO_PRELOAD),
  layer(['src-main/web/**'], ELECTRON, TO_CLI, TO_ELECTRON_FOLDER, TO_RENDERER, TO_PRELOAD),
  layer(['src-main/cli/**'], ELECTRON, TO_ELECTRON_FOLDER, TO_RENDERER, TO_PRELOAD),
  layer(['src-main/electron/**'], TO_CLI, TO_WEB, TO_RENDERER, TO_PRELOAD),
  layer(['src-shared/**'], ELECTRON, NODE, TO_MAIN, TO_RENDERER, TO_PRELOAD),
  layer(['src-preload/**'], NODE, TO_MAIN, TO_RENDERER),
  layer(['src-renderer/**'], ELECTRON, NODE, TO_MAIN, TO_PRELOAD),
  {
    files: ['src-main/**', 'src-preload/**', 'src-renderer/**'],
    rules: { 'no-restricted-syntax': ['error', CHANNEL_LITERAL] },
  },
  {
    // Only the renderer's API layer talks to the back end.
    files: ['src-renderer/**'],
    ignores: ['src-renderer/lib/api/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Only src-renderer/lib/api talks to the back end.' },
        { name: 'WebSocket', message: 'Only src-renderer/lib/api talks to the back end.' },
      ],
      'no-restricted-properties': ['error', ...NO_ONLY, { object: 'window', property: 'ecg', message: 'Only src-renderer/lib/api touches window.ecg.' }],
    },
  },
);
