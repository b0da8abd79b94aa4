export { computeFusedGradients } from './gradients.js';
export type { FusedGradients } from './gradients.js';
export { createFusedTrainStep } from './train-step.js';
export type { FusedTrainStep, FusedTrainStepOptions, FusedTrainStepResult } from './train-step.js';
export { FusedUnsupportedError, readFusedModelSpec } from './model-spec.js';
export type { FusedModelSpec, GateActivation } from './model-spec.js';
export { installFastKernels } from './fast-kernels.js';
