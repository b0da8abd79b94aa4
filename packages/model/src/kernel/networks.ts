// Which network computes a description: the one place that maps the kernel's networks to their
// classes. Loaded by the gradient workers too.
import { AlignedNetwork } from './aligned-network.js';
import { EncoderDecoderNetwork } from './encoder-decoder-network.js';
import type { KernelExports } from './kernel-module.js';
import type { KernelNetwork } from './kernel-network.js';
import type { KernelModelDescription } from './model-description.js';

const NETWORKS: { [N in KernelModelDescription['network']]: (description: Extract<KernelModelDescription, { network: N }>, kernel: KernelExports, capacity: number) => KernelNetwork } = {
  'encoder-decoder': (description, kernel, capacity) => new EncoderDecoderNetwork(description, kernel, capacity),
  aligned: (description, kernel, capacity) => new AlignedNetwork(description, kernel, capacity),
};

/** The network for `description` on `kernel` (a fresh instance of the kernel module), with room for chunks of `capacity` examples. */
export function createNetwork(description: KernelModelDescription, kernel: KernelExports, capacity = 1): KernelNetwork {
  const make = NETWORKS[description.network] as (description: KernelModelDescription, kernel: KernelExports, capacity: number) => KernelNetwork;
  return make(description, kernel, capacity);
}
