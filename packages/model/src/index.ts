/**
 * The Keras addition_rnn model on TensorFlow.js: a model factory, save and load, training
 * steps (a WebAssembly SIMD kernel, a fused tfjs step, stock tfjs-layers), and
 * {@link loadAdder}, a predictor that speaks strings, with two pretrained adders inside.
 * @module @addrnn/model
 */
// The public API of @addrnn/model, as packages/model/README.md documents it. Everything else in
// src/ is internal: tests import it by relative path, other packages never reach it.
export { Adder, loadAdder } from './adder.js';
export type { LoadAdderOptions } from './adder.js';
export { alignedStates } from './aligned/aligned-states.js';
export type { AlignedStates } from './aligned/aligned-states.js';
export { useBackend } from './backend.js';
export type { BackendChoice, BackendInfo, UseBackendOptions, WasmPaths } from './backend.js';
export type { WasmBackend, WasmBackendModule } from './wasm/registry.js';
export { createModel } from './create-model.js';
export type { ModelOptions } from './create-model.js';
export {
  BackendUnavailableError,
  CorruptModelError,
  FusedUnsupportedError,
  IncompatibleModelError,
  PlatformUnsupportedError,
} from './errors.js';
export { DisposedTrainStepError, GradientWorkerError } from './threads/errors.js';
export { KernelUnsupportedError } from './kernel/kernel-errors.js';
export { fileSystemIO } from './file-system-io.js';
export type { DiskFileSystem, EntryKind } from './file-system.js';
export type { RegularFile } from './read-regular-file.js';
export { installFastKernels } from './fused/fast-kernels.js';
export { getMetadata } from './metadata.js';
export type { Architecture, Cell, Implementation, ModelFamily, ModelMetadata, TrainingProvenance } from './metadata.js';
export { familyOf, MODEL_FAMILIES, modelFamily } from './families/registry.js';
export type { FamilyPredictor, FamilyShapes, FamilyStepOptions, ModelFamilyDefinition } from './families/model-family.js';
export { PRETRAINED_NAMES } from './pretrained/load-pretrained.js';
export type { PretrainedName } from './pretrained/load-pretrained.js';
export { recordedAccuracy } from './training-record.js';
export type { RecordedTarget, RecordedValidation, TrainingRecord } from './training-record.js';
export { loadModel, saveModel } from './save-load.js';
export type { LoadedModel } from './save-load.js';
export { createTrainStep } from './train-step.js';
export type { ArrayTrainStep, TrainStep, TrainStepOptions, TrainStepResult } from './train-step.js';
export { crossEntropyFromLogits, modelLogits } from './loss.js';
export { chooseTrainThreads } from './threads/choose-threads.js';
export { createParallelTrainStep } from './threads/parallel-train-step.js';
export type { ParallelTrainStep, ParallelTrainStepOptions } from './threads/parallel-train-step.js';
