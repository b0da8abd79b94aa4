export { computeFusedGradients, createFusedTrainStep } from './train-step.js';
export type { FusedGradients, FusedTrainStep, FusedTrainStepOptions, FusedTrainStepResult } from './train-step.js';
export { FusedUnsupportedError, readFusedModelSpec } from './model-spec.js';
export type { FusedModelSpec, GateActivation } from './model-spec.js';
export { installFastKernels } from './fast-kernels.js';
