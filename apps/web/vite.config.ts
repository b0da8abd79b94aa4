import { defineConfig, defaultClientConditions } from 'vite';

const conditions = ['@addrnn/source', ...defaultClientConditions];

/**
 * Cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer, which multi-threaded
 * WebAssembly needs. The dev server and the preview send these headers; a static host sends
 * them from `public/_headers` (Netlify, Cloudflare Pages) or gets them from `public/coi-sw.js`.
 */
export const crossOriginIsolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  resolve: { conditions },
  server: { headers: crossOriginIsolationHeaders },
  preview: { headers: crossOriginIsolationHeaders },
  // @addrnn/model/wasm (imported in src/backend.ts) bundles the wasm backend: no plugin needed.
  worker: {
    format: 'es',
  },
  build: {
    target: 'es2022',
    // The pretrained weights (about 1 MB of base64) are a lazily loaded chunk of their own.
    chunkSizeWarningLimit: 2000,
  },
});
