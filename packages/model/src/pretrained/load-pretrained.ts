import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@addrnn/codec';

function decodeBase64(text: string): ArrayBuffer {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** The models shipped in this package, by the name after `pretrained:`. */
export const PRETRAINED_NAMES = ['5-digit', 'aligned', 'signed', 'multiply'] as const;
/** The name of a shipped model: `loadAdder('pretrained:' + name)`. */
export type PretrainedName = (typeof PRETRAINED_NAMES)[number];
/** What `loadAdder()` loads with no source. */
export const DEFAULT_PRETRAINED = 'pretrained:5-digit';
const PREFIX = 'pretrained:';

/** Whether `source` names a shipped model (`pretrained:…`). */
export function isPretrainedSource(source: unknown): source is string {
  return typeof source === 'string' && source.startsWith(PREFIX);
}

/** The shipped model a `pretrained:NAME` source names; InvalidArgumentError for an unknown name. */
export function pretrainedName(source: string): PretrainedName {
  const name = source.slice(PREFIX.length);
  if (!(PRETRAINED_NAMES as readonly string[]).includes(name)) {
    throw new InvalidArgumentError(`unknown pretrained model ${JSON.stringify(source)}; the shipped ones are ${PRETRAINED_NAMES.map((n) => `"${PREFIX}${n}"`).join(', ')}`);
  }
  return name as PretrainedName;
}

// Each import() is written out whole, for bundlers to see (and split) each model's module.
const PRETRAINED_MODULES: Readonly<Record<PretrainedName, () => Promise<{ modelJson: unknown; weightsBase64: string }>>> = {
  '5-digit': () => import('#pretrained-weights'),
  aligned: () => import('#pretrained-aligned'),
  signed: () => import('#pretrained-signed'),
  multiply: () => import('#pretrained-multiply'),
};

/**
 * An IO handler over a pretrained model embedded in this package. The weights (about 1.1 MB
 * of base64) are a module of their own behind the `#pretrained-weights` import map (package.json
 * "imports"), so they are read only here: a lazy chunk in ESM bundles, a separate `require` in
 * the CommonJS build.
 */
export async function loadPretrained(name: PretrainedName = '5-digit'): Promise<tf.io.IOHandler> {
  const { modelJson, weightsBase64 } = await PRETRAINED_MODULES[name]();
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
