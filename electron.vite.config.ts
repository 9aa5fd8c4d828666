// Build config: the app's sources live in top-level main/, preload/ and renderer/ (not electron-vite's
// default src/*). The worker entry is built beside the main entry so utilityProcess.fork can find it.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(root, 'main/index.ts'),
          worker: resolve(root, 'main/compose/worker-entry.ts'),
          // worker_threads entry for ratings.csv parsing (main/datasets/parse/ratings-pipeline.ts finds it).
          'parse-worker': resolve(root, 'main/datasets/parse/parse-worker.ts'),
          // worker_threads entry for title search and its index build (main/search/threads.ts finds it).
          'search-thread': resolve(root, 'main/search/thread.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require node_modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: {
          index: resolve(root, 'preload/index.ts'),
          compute: resolve(root, 'main/model/gpu/compute-window/preload/index.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: {
          index: resolve(root, 'renderer/index.html'),
          // The hidden GPU compute window's page (main/model/gpu/compute-window/page/index.ts).
          compute: resolve(root, 'renderer/compute.html'),
        },
      },
    },
  },
});
