import type * as tf from '@tensorflow/tfjs';

/**
 * Downloads a model as `<name>.json` and `<name>.weights.bin`, the files `downloads://<name>`
 * writes; `tf.loadLayersModel(tf.io.browserFiles([json, weights]))` reads them back. Done here
 * because Vite 8's bundler drops tfjs-core's `downloads://` router (a side effect of a module
 * nothing else imports), so `model.save('downloads://...')` finds no handler in the build.
 */
export async function downloadModel(artifacts: tf.io.ModelArtifacts, name: string): Promise<void> {
  const weightsName = `${name}.weights.bin`;
  const { weightData, weightSpecs = [], ...rest } = artifacts;
  const modelJson = {
    modelTopology: rest.modelTopology,
    format: rest.format,
    generatedBy: rest.generatedBy,
    convertedBy: rest.convertedBy,
    ...(rest.trainingConfig === undefined ? {} : { trainingConfig: rest.trainingConfig }),
    ...(rest.userDefinedMetadata === undefined ? {} : { userDefinedMetadata: rest.userDefinedMetadata }),
    weightsManifest: [{ paths: [`./${weightsName}`], weights: weightSpecs }],
  };
  const weightParts = weightData === undefined ? [] : Array.isArray(weightData) ? weightData : [weightData];
  await saveFile(new Blob([JSON.stringify(modelJson)], { type: 'application/json' }), `${name}.json`);
  await saveFile(new Blob(weightParts, { type: 'application/octet-stream' }), weightsName);
}

async function saveFile(blob: Blob, fileName: string): Promise<void> {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  // Browsers start the download asynchronously; let it read the blob before it is revoked.
  await new Promise((resolve) => setTimeout(resolve, 100));
  URL.revokeObjectURL(url);
}
