import type { OptionSpec } from './command-line.js';

export const backendOption: OptionSpec = {
  name: 'backend',
  kind: 'choice',
  choices: ['auto', 'node', 'wasm', 'cpu', 'webgl'],
  placeholder: 'NAME',
  description: 'TensorFlow.js backend: auto, node, wasm, cpu or webgl. auto takes\ntfjs-node if it loads, else wasm, else cpu. Default: auto',
};
