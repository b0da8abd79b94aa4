import { packageBuild } from '../../tsup.shared';

export default packageBuild({
  entry: {
    index: 'src/index.ts',
    // `@addrnn/trainer/presets`: the defaults and presets without tfjs, for help texts.
    presets: 'src/presets.ts',
    // `#platform` (package.json "imports"): Node.js gets node.js, every other condition browser.js.
    'platform/node': 'src/platform/node.ts',
    'platform/browser': 'src/platform/browser.ts',
  },
  dts: { entry: { index: 'src/index.ts', presets: 'src/presets.ts' } },
});
