// Lint for the whole repository. Besides the usual rules it keeps the rooms apart: no Electron, Node or
// DOM in src/core, src/shared and src/figures (they run in workers, the command line and the browser), no
// import from a lower room to a higher one (shared and core never reach figures), and no Electron or Node in
// the renderer (it reaches the services only through window.api).
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import ts from 'typescript-eslint'
import svelteConfig from './svelte.config.js'

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'))

const electronImports = {
  name: 'electron',
  message: 'Electron belongs in src/main (index.ts, ipc.ts) and src/preload only.'
}
const nodePatterns = [
  {
    group: ['node:*'],
    message: 'Node built-ins belong in src/main services and the command line, not here.'
  },
  {
    group: nodeBuiltins.flatMap((name) => [name, `${name}/*`]),
    message: 'Node built-ins belong in src/main services and the command line, not here.'
  },
  {
    group: ['electron/*'],
    message: 'Electron belongs in src/main (index.ts, ipc.ts) and src/preload only.'
  }
]

const figuresPattern = {
  group: ['**/figures/*', '**/figures'],
  message: 'src/figures sits above core and shared: it imports them, never the other way round.'
}

const domGlobals = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'HTMLElement'].map(
  (name) => ({ name, message: `${name} is a DOM global; src/core, src/shared and src/figures run without a DOM.` })
)
const nodeGlobals = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global'].map((name) => ({
  name,
  message: `${name} is a Node global; src/core, src/shared and src/figures run without Node.`
}))

export default ts.config(
  { ignores: ['scratch/', 'out/', 'dist/', 'node_modules/', 'coverage/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'separate-type-imports', disallowTypeAnnotations: false }
      ],
      eqeqeq: ['error', 'always']
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig }
    }
  },
  {
    // Node: the Electron shell, the preload (bundled, sandboxed), tests, scripts and config files.
    files: ['src/main/**', 'src/preload/**', 'test/**', 'scripts/**', 'bin/**', '*.{js,ts,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } }
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: [electronImports], patterns: nodePatterns }]
    }
  },
  {
    files: ['src/core/**', 'src/shared/**', 'src/figures/**'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': ['error', { paths: [electronImports], patterns: nodePatterns }],
      'no-restricted-globals': ['error', ...domGlobals, ...nodeGlobals]
    }
  },
  {
    files: ['src/core/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronImports], patterns: [...nodePatterns, figuresPattern] }],
      'no-restricted-globals': ['error', ...domGlobals, ...nodeGlobals]
    }
  },
  {
    // Electron stays in the shell: services and the command line also run in plain Node.
    files: ['src/main/**'],
    ignores: ['src/main/index.ts', 'src/main/ipc.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronImports], patterns: [nodePatterns[2]] }]
    }
  }
)
