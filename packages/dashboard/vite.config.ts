import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The hub serves the built pages at /dashboard/ from its public folder, and the API at /api/v1
// on the same origin, so the pages never need to know the hub's address.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../hub/public/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The world outline (~100 kB of TopoJSON) is fetched as a file, never inlined.
    assetsInlineLimit: 4096,
    // The chart chunk (modular ECharts with the geo component, ~580 kB, ~195 kB gzipped) loads
    // lazily with the first chart; the entry chunk stays ~250 kB.
    chunkSizeWarningLimit: 700,
  },
  server: {
    // `npm run dev -w @fedcloud/dashboard` against a running hub: FEDCLOUD_HUB_URL=http://127.0.0.1:7400
    proxy: { '/api': process.env.FEDCLOUD_HUB_URL ?? 'http://127.0.0.1:7400' },
  },
});
