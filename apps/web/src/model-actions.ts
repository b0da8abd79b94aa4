import * as tf from '@tensorflow/tfjs';
import { loadAdder } from '@addrnn/model';
import { describeArchitecture, type CurrentModel } from './current-model.js';
import { downloadModel } from './download-model.js';
import { element, messageOf } from './dom.js';

/** Where "Save to browser" keeps the model. */
export const browserModelUrl = 'indexeddb://addrnn';
/** "Download" saves `addrnn.json` and `addrnn.weights.bin`, as `downloads://addrnn` would. */
const downloadName = 'addrnn';

/** What to do with a trained model: use it in Ask and Try many, save it in the browser, download it, or load the saved one. */
export interface ModelActions {
  /** In page order: the buttons and the status line. */
  elements: HTMLElement[];
  /** The model a run left (enables Use, Save and Download); `label` names it in the header. */
  setTrained(artifacts: tf.io.ModelArtifacts, label: string): void;
}

export function createModelActions(current: CurrentModel, onUse: () => void): ModelActions {
  const use = element('button', { type: 'button', id: 'model-use', disabled: true }, 'Use this model');
  const save = element('button', { type: 'button', id: 'model-save', class: 'secondary', disabled: true }, 'Save to browser');
  const download = element('button', { type: 'button', id: 'model-download', class: 'secondary', disabled: true }, 'Download');
  const load = element('button', { type: 'button', id: 'model-load', class: 'secondary' }, 'Load from browser');
  const status = element('p', { id: 'model-status', role: 'status' });

  let artifacts: tf.io.ModelArtifacts | undefined;
  let artifactsLabel = '';
  const say = (text: string) => (status.textContent = text);

  use.addEventListener('click', () => {
    if (!artifacts) return;
    const label = artifactsLabel;
    loadAdder(tf.io.fromMemory(artifacts))
      .then((adder) => {
        current.set({ adder, label });
        say(`Now using the model ${label} (${describeArchitecture(adder)}).`);
        onUse();
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
        current.set({ adder, label: `saved in this browser: ${describeArchitecture(adder)}` });
        say(`Loaded the model saved in this browser (${describeArchitecture(adder)}); Ask and Try many use it now.`);
        onUse();
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
    setTrained: (next, label) => {
      artifacts = next;
      artifactsLabel = label;
      use.disabled = save.disabled = download.disabled = false;
      say('The trained model is ready: use it in Ask and Try many, save it in this browser, or download it.');
    },
  };
}
