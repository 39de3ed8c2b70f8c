import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// Built by Maven (http module, generate-resources) into the classpath, where UiRoutes serves it under /ui.
const outDir = process.env.CAIRN_UI_OUT
  ?? fileURLToPath(new URL('../../../target/classes/ui', import.meta.url));

export default defineConfig({
  base: '/ui/',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    // `npm run dev` against a node on 8080
    proxy: { '/api': 'http://127.0.0.1:8080', '/dicom-web': 'http://127.0.0.1:8080' },
  },
});
