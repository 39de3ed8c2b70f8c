import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// Built by Maven (http module, generate-resources) into the classpath, where UiRoutes serves it under /ui.
const outDir = process.env.CAIRN_UI_OUT
  ?? fileURLToPath(new URL('../../../target/classes/ui', import.meta.url));

export default defineConfig({
  base: '/ui/',
  esbuild: { jsx: 'automatic' },
  // Cornerstone's image loader decodes in module web workers that load their codecs (WASM) on demand: the workers
  // must be ES modules to be split into chunks; everything is bundled, nothing comes from a CDN.
  worker: { format: 'es' },
  resolve: {
    alias: { events: fileURLToPath(new URL('./src/viewer/shims/events.js', import.meta.url)) },
  },
  build: {
    target: 'es2022',
    outDir,
    emptyOutDir: true,
    // the viewer chunk (Cornerstone, lazily loaded) is about 4.2 MB
    chunkSizeWarningLimit: 5120,
  },
  server: {
    // `npm run dev` against a node on 8080
    proxy: { '/api': 'http://127.0.0.1:8080', '/dicom-web': 'http://127.0.0.1:8080' },
  },
});
