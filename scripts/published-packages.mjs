// The packages this repository publishes, in dependency order (codec first).
export const publishedPackages = [
  { name: '@addrnn/codec', directory: 'packages/codec', library: true },
  { name: '@addrnn/dataset', directory: 'packages/dataset', library: true },
  { name: '@addrnn/model', directory: 'packages/model', library: true },
  { name: '@addrnn/trainer', directory: 'packages/trainer', library: true },
  { name: '@addrnn/cli', directory: 'apps/cli', library: false },
];
