// A `.wasm?url` import is the URL the bundler gave the file (Vite natively; esbuild's file
// loader and webpack's asset/resource rule ignore the query).
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
