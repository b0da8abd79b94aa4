import * as tf from '@tensorflow/tfjs';

/**
 * tfjs's orthogonal initializer warns "Slowness may result" above 2,000 elements; a 128x512
 * recurrent kernel takes milliseconds, so the warning only alarms users (twice per model). The
 * threshold is an instance field that is not part of the saved config.
 */
export function quietOrthogonal(seed: number): ReturnType<typeof tf.initializers.orthogonal> {
  const initializer = tf.initializers.orthogonal({ seed });
  (initializer as unknown as { ELEMENTS_WARN_SLOW: number }).ELEMENTS_WARN_SLOW = Number.POSITIVE_INFINITY;
  return initializer;
}
