// Lint rules that guard the process boundaries (renderer code runs in a sandboxed page and must
// reach main only through window.api, so it may not import electron, node:* or better-sqlite3) and
// main's layers: imports only point down, vocabulary < catalogue < domains < the top (README, "How
// it is built").
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

const DOMAINS = [
  'datasets',
  'model',
  'profile',
  'recommend',
  'search',
  'posters',
  'where',
  'setup',
  'elicit',
];
const up = '^(\\.\\./)+';
/** The top of main: wiring that knows every domain (and the Electron glue). */
const top = {
  regex: `${up}(compose|ipc|cli|shell)/|${up}(index|window|menu|security)\\.ts$`,
  message:
    'Only the top of main (compose/, ipc/, cli/, shell/, the Electron entry) wires things together; import down, never up.',
};
const domain = {
  regex: `${up}(${DOMAINS.join('|')})/`,
  message:
    'The bottom of main names no domain: let the domain add its part (declaration merging, a status part, a hook).',
};
const catalogue = {
  regex: `${up}catalogue/`,
  message: 'The catalogue sits above the vocabulary: the bottom of main does not read titles.',
};
/** A domain's handlers.ts may also speak the IPC contract. */
const topButIpc = { ...top, regex: top.regex.replace('(compose|ipc|cli|shell)', '(compose|cli|shell)') };
/** Domain d reaches another domain only through that domain's faces. */
const facesOnly = (d) => ({
  regex: `${up}(${DOMAINS.filter((o) => o !== d).join('|')})/(?!(service|types|install|handlers|predictor)\\.ts$)`,
  message:
    'Import another domain through its face (service.ts, types.ts, install.ts, handlers.ts, predictor.ts): export what you need there, not from its internals.',
});
const mainLayers = [
  {
    // Vocabulary at the bottom.
    files: [
      'main/{errors,events,paths}.ts',
      'main/{jobs,db,settings,status,files,net,stats,services,worker}/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [top, domain, catalogue] }] },
  },
  {
    // The catalogue face: the dataset tables as titles, below every domain.
    files: ['main/catalogue/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [top, domain] }] },
  },
  // Domains: no wiring (a domain's handlers.ts alone speaks the IPC contract), and another domain
  // only through its faces (its top-level service.ts, types.ts, install.ts, handlers.ts, predictor.ts).
  ...DOMAINS.flatMap((d) => {
    const handlers = `main/${d}/**/handlers.ts`;
    const faces = facesOnly(d);
    return [
      {
        files: [`main/${d}/**/*.ts`],
        ignores: [handlers],
        rules: { 'no-restricted-imports': ['error', { patterns: [top, faces] }] },
      },
      {
        files: [handlers],
        rules: { 'no-restricted-imports': ['error', { patterns: [topButIpc, faces] }] },
      },
    ];
  }),
];

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
  ...mainLayers,
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
