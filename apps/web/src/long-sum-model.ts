import { loadAdder, type Adder } from '@addrnn/model';
import { element, messageOf } from './dom.js';

/** The operators the Long sums view takes between its two numbers. */
export type LongOperator = '+' | '-';

/**
 * Which aligned model answers each operator in the Long sums view, and the line that says which
 * one answered. Additions go to the pretrained adder (`loadAdder('pretrained:aligned')`),
 * subtractions to the pretrained signed model (`loadAdder('pretrained:signed')`), each loaded the
 * first time it is needed on the backend the app started. A model trained in the Train tab and
 * handed over by "Use this model" answers every operator its codec has (a `+`-only one adds, one
 * trained with `-` also subtracts), until "Use the pretrained models again".
 */
export interface LongSumModel {
  /** The status line and the button back to the pretrained models, in page order. */
  elements: HTMLElement[];
  /**
   * The model that answers `operator`, once loaded; the line names it from then on. A failed
   * load is tried again on the next call.
   */
  get(operator: LongOperator): Promise<Adder>;
  /** Names the model that will answer `operator` (loading it), as the operator control changes. */
  select(operator: LongOperator): void;
  /** Adds (and subtracts, if its codec has '-') with `adder` from now on; `label` says where it comes from. The trained model it replaces is disposed. */
  use(adder: Adder, label: string): void;
}

/** Whether `adder` takes and answers `operator` (its codec has it). */
export function answers(adder: Adder, operator: LongOperator): boolean {
  return adder.codec.operators.includes(operator);
}

/** "aligned LSTM, 32 units, trained on numbers of up to 10 digits (+ and −); backend webgl" */
export function describeModel(adder: Adder): string {
  const { architecture, codec } = adder.metadata;
  const operators = codec.operators.length > 1 ? ` (${codec.operators.map((operator) => operator.replace('-', '−')).join(' and ')})` : '';
  return `aligned ${architecture.cell.toUpperCase()}, ${architecture.hiddenSize} units, trained on numbers of up to ${codec.digits} digits${operators}; backend ${adder.backend.name}`;
}

const pretrained = {
  '+': { source: 'pretrained:aligned', name: 'the pretrained aligned adder', loading: 'the aligned adder' },
  '-': { source: 'pretrained:signed', name: 'the pretrained signed model', loading: 'the signed model' },
} as const;

/** `onChange` runs when the trained model in use is replaced (a sum under way then shows nothing). */
export function createLongSumModel(backendReady: Promise<unknown>, onChange: () => void): LongSumModel {
  // `data-source`: 'pretrained' or 'trained' (the model the line names), and `data-operator`, for the tests.
  const state = element('p', { id: 'long-model', class: 'meta', 'aria-live': 'polite', 'data-source': 'pretrained' }, 'The aligned model loads when this view opens.');
  const backToPretrained = element('button', { type: 'button', id: 'long-use-pretrained', class: 'secondary', hidden: true }, 'Use the pretrained models again');
  const loaded = new Map<LongOperator, Promise<Adder>>();
  let trained: { adder: Adder; label: string } | undefined;
  // The operator the line speaks for; a load or an answer for another one does not change it.
  let shown: LongOperator = '+';

  const say = (operator: LongOperator, text: string) => {
    if (operator === shown) state.textContent = text;
  };

  const loadPretrained = (operator: LongOperator): Promise<Adder> => {
    const { source, loading: what } = pretrained[operator];
    const loading = (async () => {
      say(operator, `Loading ${what}…`);
      try {
        await backendReady;
      } catch (caught) {
        throw new Error(`No TensorFlow.js backend could start in this browser: ${messageOf(caught)}`);
      }
      return loadAdder(source, { backend: 'current' });
    })();
    loading.catch((caught: unknown) => {
      if (loaded.get(operator) === loading) loaded.delete(operator);
      say(operator, `${what[0]!.toUpperCase()}${what.slice(1)} could not load: ${messageOf(caught)}`);
    });
    return loading;
  };

  /** The line for the model that answers `operator`. */
  const describe = (operator: LongOperator, adder: Adder): string => {
    if (trained?.adder === adder) return `Using the model trained in the Train tab: ${trained.label}; ${describeModel(adder)}.`;
    const note = trained === undefined ? '' : ` (the model trained in the Train tab does not ${operator === '-' ? 'subtract' : 'add'})`;
    return `Using ${pretrained[operator].name}${note}: ${describeModel(adder)}.`;
  };

  const get = async (operator: LongOperator): Promise<Adder> => {
    shown = operator;
    const own = trained;
    state.dataset['operator'] = operator;
    state.dataset['source'] = own !== undefined && answers(own.adder, operator) ? 'trained' : 'pretrained';
    let adder: Adder;
    if (own !== undefined && answers(own.adder, operator)) adder = own.adder;
    else {
      let loading = loaded.get(operator);
      if (loading === undefined) loaded.set(operator, (loading = loadPretrained(operator)));
      adder = await loading;
    }
    say(operator, describe(operator, adder));
    return adder;
  };

  backToPretrained.addEventListener('click', () => {
    const previous = trained;
    trained = undefined;
    backToPretrained.hidden = true;
    onChange();
    previous?.adder.dispose();
    void get(shown).catch(() => undefined);
  });

  return {
    elements: [element('div', { class: 'toolbar long-model' }, state, backToPretrained)],
    get,
    select: (operator) => void get(operator).catch(() => undefined),
    use: (adder, label) => {
      const previous = trained;
      trained = { adder, label };
      backToPretrained.hidden = false;
      onChange();
      if (previous !== undefined && previous.adder !== adder) previous.adder.dispose();
      void get(shown).catch(() => undefined);
    },
  };
}
