import { defineConfig, defaultClientConditions, type Plugin } from 'vite';

const conditions = ['@addrnn/source', ...defaultClientConditions];

/**
 * @addrnn/model's useBackend imports the wasm backend by a module name held in a variable
 * (so that Node builds do not bundle it). A browser cannot resolve a bare name at run time,
 * so the app turns that one import back into a static specifier the bundler resolves; it
 * then shares the single copy of tfjs-backend-wasm (and tfjs-core) in the bundle.
 */
function bundleWasmBackendImport(): Plugin {
  return {
    name: 'addrnn:bundle-wasm-backend-import',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]packages[\\/]model[\\/]src[\\/]backend\.ts$/.test(id) && !/@addrnn[\\/]model[\\/].*backend/.test(id)) return null;
      const replaced = code.replace(
        /import\(\s*\/\*\s*@vite-ignore\s*\*\/\s*WASM_BACKEND_MODULE\s*\)/g,
        "import('@tensorflow/tfjs-backend-wasm')",
      );
      return replaced === code ? null : { code: replaced, map: null };
    },
  };
}

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
  plugins: [bundleWasmBackendImport()],
  worker: {
    format: 'es',
    plugins: () => [bundleWasmBackendImport()],
  },
  build: {
    target: 'es2022',
    // The pretrained weights (about 1 MB of base64) are a lazily loaded chunk of their own.
    chunkSizeWarningLimit: 2000,
  },
});
