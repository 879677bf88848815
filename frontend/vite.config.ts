/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { constants as zlibConstants } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

// `npm run dev` talks to a running Siilo server; SIILO_API_URL points elsewhere than `make run`.
const apiTarget = process.env.SIILO_API_URL ?? 'http://127.0.0.1:8080';

/**
 * Preloads the fonts that the first screen's text uses (Source Sans 3, latin, regular and
 * semibold), so that they arrive with the code instead of after the styles ask for them.
 */
function preloadFirstScreenFonts(): Plugin {
  const wanted = /source-sans-3-latin-(400|600)-normal-[\w-]+\.woff2$/;
  return {
    name: 'siilo-preload-fonts',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const fonts = Object.keys(ctx.bundle ?? {}).filter((file) => wanted.test(file));
        return fonts.map((file) => ({
          tag: 'link',
          attrs: { rel: 'preload', href: `/${file}`, as: 'font', type: 'font/woff2', crossorigin: '' },
          injectTo: 'head',
        }));
      },
    },
  };
}

export default defineConfig({
  plugins: [
    react(),
    preloadFirstScreenFonts(),
    // Brotli and gzip copies beside each text file (`app.js.br`, `app.js.gz`): the server sends
    // the one the browser accepts, so nothing is compressed per request.
    compression({
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
      threshold: 1024,
      logLevel: 'silent',
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  build: {
    // The browsers we support: Baseline "widely available" (Chrome and Edge 111, Firefox 114,
    // Safari 16.4 and later; README.md). Modern JavaScript goes out as it is written, with no
    // legacy transpilation or polyfills.
    target: 'baseline-widely-available',
    sourcemap: false,
    // Read by scripts/bundle-size.mjs to measure what the first page load downloads.
    manifest: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // What the first page load runs, in one file: one request instead of nine.
            { name: 'app', tags: ['$initial'], priority: 2 },
            // The components and helpers that two or more screens share, with the design
            // system's components they use, in one file that every screen after the first
            // reuses from the cache. Split by which screens share what, they made some thirty
            // files of a few kilobytes for the call page, queued six at a time over HTTP/1.1
            // ahead of the page's API requests.
            { name: 'screens', test: /\/src\/(components|features|lib)\//, minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
