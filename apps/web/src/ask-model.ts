import { Codec } from '@addrnn/codec';
import { familyOf, loadAdder, modelFamily, recordedAccuracy, type Adder } from '@addrnn/model';
import type { CurrentModel } from './current-model.js';
import { element, messageOf, percent } from './dom.js';

/** The models the Ask view answers with: the app's current model, or the pretrained multiplier. */
export type AskModelChoice = 'current' | 'multiply';

/**
 * The pretrained multiplier: where it loads from, and its task (1-5 digits each side, `*`), which
 * the view checks and solves questions with while the model loads.
 */
export const MULTIPLIER = { source: 'pretrained:multiply', task: { digits: 5, operators: ['*'] } } as const;

/** What answers the Ask view's questions now. */
export interface AskAnswerer {
  choice: AskModelChoice;
  /** The model; undefined while the multiplier loads, after it failed to, or when the app has none. */
  adder: Adder | undefined;
  /** Its task's codec: questions are checked and solved (`codec.solve`) with it. */
  codec: Codec;
  /** Whether it also reads operands longer than it trained on (an aligned model). */
  readsLonger: boolean;
}

/** The Ask view's model chooser: a labelled select and a line saying which model answers. */
export interface AskModel {
  /** The field, its hint and the state line, in page order. */
  element: HTMLElement;
  answerer(): AskAnswerer;
  /** `listener` runs when the model that answers changes: a choice, the multiplier loaded or failed. */
  onChange(listener: () => void): void;
}

/** Whether `adder`'s family answers operands longer than it trained on, as its registry entry says. */
function readsLonger(adder: Adder): boolean {
  return modelFamily(familyOf(adder.metadata.architecture)).answersLongerOperands;
}

/**
 * The chooser. The multiplier is the Ask view's own: it loads the first time it is chosen (on
 * the backend the app started; a failed load is tried again on the next choice) and never
 * becomes the app's current model, so Try many and the header keep the adder (or the model
 * trained or loaded in the app). When the app's model is replaced (Use this model, Load from
 * browser) the chooser goes back to it, as that button says the Ask view uses it now.
 */
export function createAskModel(current: CurrentModel, backendReady: Promise<unknown>): AskModel {
  const appOption = element('option', { value: 'current', selected: true }, 'The app’s model');
  const select = element(
    'select',
    { id: 'ask-model-choice', name: 'ask-model-choice', 'aria-describedby': 'ask-model-hint' },
    appOption,
    element('option', { value: 'multiply' }, 'The multiplier, up to 5 × 5 digits (pretrained:multiply)'),
  );
  // `data-state`: 'current', 'loading', 'ready' or 'failed' (the multiplier's), for the tests.
  const state = element('p', { id: 'ask-model-state', class: 'meta', 'aria-live': 'polite', 'data-state': 'current' });
  const root = element(
    'div',
    { class: 'field ask-model' },
    element('label', { for: 'ask-model-choice' }, 'Model to ask'),
    select,
    element('p', { id: 'ask-model-hint', class: 'hint' }, 'The multiplier loads the first time you choose it, and answers in this view only: Try many keeps the app’s model.'),
    state,
  );

  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  const standIn = new Codec(MULTIPLIER.task);
  let multiplier: Adder | undefined;
  let loading: Promise<Adder> | undefined;
  const chosen = (): AskModelChoice => (select.value === 'multiply' ? 'multiply' : 'current');

  /** The state line, for the choice as it is now. */
  const describe = (failure?: string) => {
    if (chosen() === 'current') {
      state.dataset['state'] = 'current';
      state.textContent = '';
    } else if (multiplier) {
      const { architecture, codec } = multiplier.metadata;
      const accuracy = recordedAccuracy(multiplier.metadata);
      state.dataset['state'] = 'ready';
      state.textContent =
        `The multiplier answers: pretrained aligned ${architecture.cell.toUpperCase()}, ${architecture.hiddenSize} units, ` +
        `trained on numbers of up to ${codec.digits} digits${accuracy === undefined ? '' : `, ${percent(accuracy)} validation accuracy`}.`;
    } else if (failure !== undefined) {
      state.dataset['state'] = 'failed';
      state.textContent = `The multiplier could not load: ${failure}`;
    } else {
      state.dataset['state'] = 'loading';
      state.textContent = 'Loading the multiplier…';
    }
  };

  const load = () => {
    if (multiplier || loading) return;
    const attempt = (async () => {
      try {
        await backendReady;
      } catch (caught) {
        throw new Error(`No TensorFlow.js backend could start in this browser: ${messageOf(caught)}`);
      }
      return loadAdder(MULTIPLIER.source, { backend: 'current' });
    })();
    loading = attempt;
    attempt.then(
      (adder) => {
        multiplier = adder;
        loading = undefined;
        describe();
        if (chosen() === 'multiply') notify();
      },
      (caught: unknown) => {
        loading = undefined;
        if (chosen() === 'multiply') describe(messageOf(caught));
      },
    );
  };

  select.addEventListener('change', () => {
    if (chosen() === 'multiply') load();
    describe();
    notify();
  });

  let appAdder: Adder | undefined;
  current.subscribe((entry, problem) => {
    appOption.textContent = entry ? `The app’s model: ${entry.label}` : `The app’s model (${problem ? 'none' : 'loading…'})`;
    const replaced = appAdder !== undefined && entry !== undefined && entry.adder !== appAdder;
    appAdder = entry?.adder;
    if (replaced && chosen() === 'multiply') {
      select.value = 'current';
      describe();
      notify();
    }
  });

  return {
    element: root,
    answerer() {
      if (chosen() === 'multiply') {
        return { choice: 'multiply', adder: multiplier, codec: multiplier?.codec ?? standIn, readsLonger: multiplier ? readsLonger(multiplier) : true };
      }
      const adder = current.entry?.adder;
      return { choice: 'current', adder, codec: adder?.codec ?? new Codec(), readsLonger: adder ? readsLonger(adder) : false };
    },
    onChange: (listener) => void listeners.add(listener),
  };
}
