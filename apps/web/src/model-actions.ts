import * as tf from '@tensorflow/tfjs';
import { familyOf, loadAdder, modelFamily, type Adder } from '@addrnn/model';
import { describeArchitecture, type CurrentModel } from './current-model.js';
import { downloadModel } from './download-model.js';
import { element, messageOf } from './dom.js';

/** Where "Save to browser" keeps the model. */
export const browserModelUrl = 'indexeddb://addrnn';
/** "Download" saves `addrnn.json` and `addrnn.weights.bin`, as `downloads://addrnn` would. */
const downloadName = 'addrnn';

/** What to do with a trained model: use it (in Ask and Try many, or in Long sums), save it in the browser, download it, or load the saved one. */
export interface ModelActions {
  /** In page order: the buttons and the status line. */
  elements: HTMLElement[];
  /** The model a run left (enables Use, Save and Download); `run` says how it was trained ("default preset, 3 epochs"). */
  setTrained(artifacts: tf.io.ModelArtifacts, run: string): void;
}

/** The Long sums view, as far as a trained model goes there. */
export interface UseTarget {
  /** Makes the view add with `adder`; `label` says which model it is. */
  useModel(adder: Adder, label: string): void;
}

/**
 * Whether a model goes to Long sums rather than Ask and Try many: a family whose models answer
 * operands longer than they trained on (the aligned adder), as its registry entry says.
 */
function addsLongSums(adder: Adder): boolean {
  return modelFamily(familyOf(adder.metadata.architecture)).answersLongerOperands;
}

export function createModelActions(current: CurrentModel, longSums: UseTarget, onUse: (view: 'ask' | 'long') => void): ModelActions {
  const use = element('button', { type: 'button', id: 'model-use', disabled: true }, 'Use this model');
  const save = element('button', { type: 'button', id: 'model-save', class: 'secondary', disabled: true }, 'Save to browser');
  const download = element('button', { type: 'button', id: 'model-download', class: 'secondary', disabled: true }, 'Download');
  const load = element('button', { type: 'button', id: 'model-load', class: 'secondary' }, 'Load from browser');
  const status = element('p', { id: 'model-status', role: 'status' });

  let artifacts: tf.io.ModelArtifacts | undefined;
  let artifactsRun = '';
  const say = (text: string) => (status.textContent = text);

  /** Hands a model to the view that uses it and shows that view. */
  const useAdder = (adder: Adder, label: string, said: (whereUses: string) => string) => {
    if (addsLongSums(adder)) {
      longSums.useModel(adder, label);
      say(said('Long sums uses'));
      onUse('long');
    } else {
      current.set({ adder, label });
      say(said('Ask and Try many use'));
      onUse('ask');
    }
  };

  use.addEventListener('click', () => {
    if (!artifacts) return;
    const run = artifactsRun;
    loadAdder(tf.io.fromMemory(artifacts))
      .then((adder) => {
        const label = `trained here: ${describeArchitecture(adder)} (${run})`;
        useAdder(adder, label, (whereUses) => `${whereUses} the model ${label} now.`);
      })
      .catch((error: unknown) => say(`Cannot use the model: ${messageOf(error)}`));
  });

  save.addEventListener('click', () => {
    if (!artifacts) return;
    const [handler] = tf.io.getSaveHandlers(browserModelUrl);
    if (!handler?.save) {
      say('This browser has no IndexedDB to save the model in.');
      return;
    }
    handler
      .save(artifacts)
      .then(() => say(`Saved in this browser (${browserModelUrl}).`))
      .catch((error: unknown) => say(`Cannot save the model: ${messageOf(error)}`));
  });

  download.addEventListener('click', () => {
    if (!artifacts) return;
    downloadModel(artifacts, downloadName)
      .then(() => say('Downloaded addrnn.json and addrnn.weights.bin.'))
      .catch((error: unknown) => say(`Cannot download the model: ${messageOf(error)}`));
  });

  load.addEventListener('click', () => {
    loadAdder(browserModelUrl)
      .then((adder) => {
        useAdder(adder, `saved in this browser: ${describeArchitecture(adder)}`, (whereUses) => `Loaded the model saved in this browser (${describeArchitecture(adder)}); ${whereUses} it now.`);
      })
      .catch((error: unknown) => {
        say(
          /cannot find model/i.test(messageOf(error))
            ? 'No model is saved in this browser yet: train one and press Save to browser.'
            : `Cannot load the saved model: ${messageOf(error)}`,
        );
      });
  });

  return {
    elements: [element('div', { class: 'toolbar' }, use, save, download, load), status],
    setTrained: (next, run) => {
      artifacts = next;
      artifactsRun = run;
      use.disabled = save.disabled = download.disabled = false;
      say('The trained model is ready: use it, save it in this browser, or download it.');
    },
  };
}
