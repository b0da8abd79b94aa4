import { loadAdder, type Adder } from '@addrnn/model';
import { element, messageOf } from './dom.js';

/**
 * Which aligned model the Long sums view adds with, and the line that says so: the pretrained
 * adder (`loadAdder('pretrained:aligned')`, loaded the first time it is needed, on the backend the
 * app started), or a model trained in the Train tab and handed over by "Use this model", until
 * "Use the pretrained adder again".
 */
export interface LongSumModel {
  /** The status line and the button back to the pretrained adder, in page order. */
  elements: HTMLElement[];
  /** The model in use; a failed load is tried again on the next call. */
  get(): Promise<Adder>;
  /** Adds with `adder` from now on; `label` says where it comes from. The model it replaces is disposed. */
  use(adder: Adder, label: string): void;
}

function describeModel(adder: Adder): string {
  const { architecture, codec } = adder.metadata;
  return `aligned ${architecture.cell.toUpperCase()}, ${architecture.hiddenSize} units, trained on numbers of up to ${codec.digits} digits; backend ${adder.backend.name}`;
}

/** `onChange` runs when the model in use is replaced (a sum under way then shows nothing). */
export function createLongSumModel(backendReady: Promise<unknown>, onChange: () => void): LongSumModel {
  // `data-source`: 'pretrained' or 'trained', for the tests.
  const state = element('p', { id: 'long-model', class: 'meta', 'aria-live': 'polite', 'data-source': 'pretrained' }, 'The aligned model loads when this view opens.');
  const backToPretrained = element('button', { type: 'button', id: 'long-use-pretrained', class: 'secondary', hidden: true }, 'Use the pretrained adder again');
  let current: Promise<Adder> | undefined;

  const loadPretrained = (): Promise<Adder> => {
    const loading = (async () => {
      state.textContent = 'Loading the aligned model…';
      try {
        await backendReady;
      } catch (caught) {
        throw new Error(`No TensorFlow.js backend could start in this browser: ${messageOf(caught)}`);
      }
      const adder = await loadAdder('pretrained:aligned', { backend: 'current' });
      state.textContent = `Using the pretrained aligned adder: ${describeModel(adder)}.`;
      return adder;
    })();
    loading.catch((caught: unknown) => {
      if (current === loading) current = undefined;
      state.textContent = `The aligned model could not load: ${messageOf(caught)}`;
    });
    return loading;
  };

  const replace = (next: Promise<Adder> | undefined, source: 'pretrained' | 'trained') => {
    const previous = current;
    current = next;
    state.dataset['source'] = source;
    backToPretrained.hidden = source === 'pretrained';
    onChange();
    void previous?.then((adder) => adder.dispose()).catch(() => undefined);
  };

  backToPretrained.addEventListener('click', () => {
    replace(undefined, 'pretrained');
    void (current ??= loadPretrained()).catch(() => undefined);
  });

  return {
    elements: [element('div', { class: 'toolbar long-model' }, state, backToPretrained)],
    get: () => (current ??= loadPretrained()),
    use: (adder, label) => {
      replace(Promise.resolve(adder), 'trained');
      state.textContent = `Using the model trained in the Train tab: ${label}; ${describeModel(adder)}.`;
    },
  };
}
