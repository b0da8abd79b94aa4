// Which network computes a description: the one place that maps the kernel's networks to their
// classes. Loaded by the gradient workers too.
import { AlignedNetwork } from './aligned-network.js';
import { EncoderDecoderNetwork } from './encoder-decoder-network.js';
import type { KernelExports } from './kernel-module.js';
import type { KernelNetwork } from './kernel-network.js';
import type { NetworkPlacement } from './memory-layout.js';
import type { KernelModelDescription } from './model-description.js';

type MakeNetwork<N extends KernelModelDescription['network']> = (
  description: Extract<KernelModelDescription, { network: N }>,
  kernel: KernelExports,
  capacity: number,
  placement?: NetworkPlacement,
) => KernelNetwork;

const NETWORKS: { [N in KernelModelDescription['network']]: MakeNetwork<N> } = {
  'encoder-decoder': (description, kernel, capacity, placement) => new EncoderDecoderNetwork(description, kernel, capacity, placement),
  aligned: (description, kernel, capacity, placement) => {
    // Its buffers grow with the questions' length, which a fixed share of a shared memory cannot follow; it trains on one thread.
    if (placement !== undefined) throw new RangeError('the aligned network runs on its own memory only');
    return new AlignedNetwork(description, kernel, capacity);
  },
};

/**
 * The network for `description` on `kernel` (a fresh instance of the kernel module), with room
 * for chunks of `capacity` examples; `placement` puts it in a memory that several threads share.
 */
export function createNetwork(description: KernelModelDescription, kernel: KernelExports, capacity = 1, placement?: NetworkPlacement): KernelNetwork {
  const make = NETWORKS[description.network] as MakeNetwork<KernelModelDescription['network']>;
  return make(description, kernel, capacity, placement);
}
