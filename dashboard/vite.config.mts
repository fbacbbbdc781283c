import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const dashboardRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the browser dashboard into dist/dashboard, which the service
 * serves at /dashboard. `vite --config dashboard/vite.config.ts` serves it
 * with hot reload and forwards /api to a service running on port 3000.
 */
export default defineConfig({
  root: dashboardRoot,
  base: '/dashboard/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Chart.js alone is about 200 kB minified; one bundle is fine here.
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
