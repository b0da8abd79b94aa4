import * as tf from '@tensorflow/tfjs';

function decodeBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/**
 * An IO handler over the pretrained model embedded in this package. The weights (about 1.1 MB
 * of base64) are a module of their own behind the `#pretrained-weights` import map (package.json
 * "imports"), so they are read only here: a lazy chunk in ESM bundles, a separate `require` in
 * the CommonJS build.
 */
export async function loadPretrained(): Promise<tf.io.IOHandler> {
  const { modelJson, weightsBase64 } = await import('#pretrained-weights');
  const json = modelJson as unknown as tf.io.ModelJSON;
  return tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: decodeBase64(weightsBase64),
    userDefinedMetadata: json.userDefinedMetadata,
    format: json.format,
    generatedBy: json.generatedBy,
  });
}
