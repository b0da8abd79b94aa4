import { AddrnnError } from '@addrnn/codec';
import { hasMarker, markerOf } from '@addrnn/codec/internal';

const KERNEL_UNSUPPORTED = markerOf('error.KernelUnsupportedError');

/** A model or place the WebAssembly training kernel cannot handle; callers fall back to the fused step. */
export class KernelUnsupportedError extends AddrnnError {
  private readonly [KERNEL_UNSUPPORTED] = true;

  constructor(reason: string, options?: ErrorOptions) {
    super('KERNEL_UNSUPPORTED', `The WebAssembly training kernel cannot train this model: ${reason}.`, options);
    this.name = 'KernelUnsupportedError';
  }

  /** Whether `value` is this error, from this copy of `@addrnn/model` or another. */
  static override isInstance(value: unknown): value is KernelUnsupportedError {
    return hasMarker(value, KERNEL_UNSUPPORTED);
  }
}
