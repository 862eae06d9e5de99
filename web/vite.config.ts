// Builds the console into MOAT_WEB_OUT_DIR (the CMake target moat_web sets it to
// build/<type>/web/dist), else dist/. JSX is compiled by Vite's own transformer for Preact.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: process.env.MOAT_WEB_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
  server: {
    // `npm run dev` proxies the API to a local `moat server`.
    proxy: { '/api': process.env.MOAT_CENTER ?? 'http://127.0.0.1:8080' },
  },
});
