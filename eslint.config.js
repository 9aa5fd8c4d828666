// Lint rules that guard the process boundaries: renderer code runs in a sandboxed page and must
// reach main only through window.api, so it may not import electron, node:* or better-sqlite3.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

const nodeOnly = {
  patterns: [
    { group: ['node:*'], message: 'Renderer code runs in a sandboxed page: ask main through window.api.' },
  ],
  paths: [
    { name: 'electron', message: 'Renderer code cannot use Electron; go through window.api.' },
    { name: 'better-sqlite3', message: 'Only main-process services touch the database.' },
    ...['fs', 'path', 'child_process', 'os', 'crypto', 'worker_threads'].map((name) => ({
      name,
      message: 'Node built-ins are not available in the renderer.',
    })),
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'native/build/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', nodeOnly],
    },
  },
  {
    files: ['**/*.{js,ts,vue}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      // TypeScript already resolves every name; no-undef only misfires on DOM and Node globals.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
);
