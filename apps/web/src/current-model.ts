import type { Adder } from '@addrnn/model';

/** A model the app can use, and where it came from. */
export interface ModelEntry {
  adder: Adder;
  /** Shown in the header: "pretrained 5-digit LSTM", "trained here: ...". */
  label: string;
}

type Listener = (entry: ModelEntry | undefined, problem: string | undefined) => void;

/** The model the Ask and Try many views use; they redraw when it changes. */
export class CurrentModel {
  #entry: ModelEntry | undefined;
  #problem: string | undefined;
  readonly #listeners = new Set<Listener>();

  get entry(): ModelEntry | undefined {
    return this.#entry;
  }

  get problem(): string | undefined {
    return this.#problem;
  }

  set(entry: ModelEntry): void {
    const previous = this.#entry;
    this.#entry = entry;
    this.#problem = undefined;
    if (previous && previous.adder !== entry.adder) previous.adder.dispose();
    this.#notify();
  }

  /** No model: `problem` says why (shown in the Ask view). */
  fail(problem: string): void {
    this.#problem = problem;
    this.#notify();
  }

  subscribe(listener: Listener): void {
    this.#listeners.add(listener);
    listener(this.#entry, this.#problem);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener(this.#entry, this.#problem);
  }
}

/** "5-digit LSTM, 128 units" from a model's metadata. */
export function describeArchitecture(adder: Adder): string {
  const { architecture, codec } = adder.metadata;
  const cell = { lstm: 'LSTM', gru: 'GRU', simpleRNN: 'SimpleRNN' }[architecture.cell] ?? architecture.cell;
  const layers =
    architecture.encoderLayers === 1 && architecture.decoderLayers === 1
      ? ''
      : `, ${architecture.encoderLayers}+${architecture.decoderLayers} layers`;
  return `${codec.digits}-digit ${cell}, ${architecture.hiddenSize} units${layers}`;
}
