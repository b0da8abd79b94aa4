/**
 * A source of uniform integers, `integer(n)` in [0, n): a dataset's seeded `Random` is one.
 * Descriptors draw through it and hold no generator of their own, so the same seed gives the
 * same questions on every machine and the codec stays free of random-number code.
 */
export interface DrawSource {
  /** The next uniform integer in [0, maxExclusive). */
  integer(maxExclusive: number): number;
}

/**
 * How operands are drawn. `keras`: a length uniform in 1..digits, then that many uniform digits
 * (as the Keras example does); `uniform`: every value in 0..10^digits-1 equally likely.
 */
export type OperandDistribution = 'keras' | 'uniform';

/** What makes a hard case hard. */
export type HardCaseKind =
  | 'carry-chain'
  | 'borrow-chain'
  | 'zero'
  | 'maximum'
  | 'short-and-long'
  | 'large-product'
  /** `1 * x`: a product that copies. */
  | 'one'
  /** Powers of ten: products that shift. */
  | 'power-of-ten'
  /** Repeated digits (`777*777`, `11111*11111`): every column sums as many equal products, with long carries between them. */
  | 'repdigit';

/** A hard case of one operator, before the dataset writes it as `<left><symbol><right>`. */
export interface HardCaseOperands {
  /** The operand before the symbol (the dataset drops a case with an operand below 0 or over `digits` digits). */
  readonly left: bigint;
  /** The operand after the symbol, bounded like `left`. */
  readonly right: bigint;
  /** What makes it hard; the dataset's `HardCase` keeps it as its `kind`. */
  readonly kind: HardCaseKind;
}

/**
 * Everything the packages know about one arithmetic operator, in one object: the codec sizes,
 * parses, checks and solves questions with it, the dataset splits and draws them with it, the
 * CLI and the web app list it. A question is always `<digits><symbol><digits>`: the parser and
 * the dataset's split find the operator by its symbol among the registered ones.
 *
 * The built-in operators are `add`, `subtract` and `multiply`; `registerOperator` adds one.
 */
export interface OperatorTask<Character extends string = string> {
  /** The character between the operands: one UTF-16 code unit, not a digit and not the padding `' '`. */
  readonly symbol: Character;
  /** A word for messages and help, e.g. `'add'`. */
  readonly name: string;
  /**
   * Whether `a op b` always equals `b op a`: the dataset then counts `61+535` and `535+61` as one
   * pair, in one split.
   */
  readonly commutative: boolean;
  /** Whether answers can be negative: a task with this operator then writes `'-'` before them. */
  readonly negative: boolean;
  /** Most characters of an answer, sign included, for operands of at most these many digits. */
  answerLength(leftDigits: number, rightDigits: number): number;
  /** The exact answer; BigInt, because 15-digit products do not fit a double. */
  answer(left: bigint, right: bigint): bigint;
  /** Draws the operands of one question: decimal strings of 1..digits digits without leading zeros. */
  drawOperands(source: DrawSource, digits: number, distribution: OperandDistribution): [string, string];
  /**
   * Draws operands that line up into what this operator finds hardest (long carry chains for
   * `+`, borrow chains for `-`), for a training mix that the plain distribution rarely asks.
   */
  drawChainPair(source: DrawSource, digits: number): [string, string];
  /**
   * Fixed questions that stress a model of this operator at `digits` digits. The dataset drops
   * those with an operand below 0 or above `digits` digits, and repeats.
   */
  hardCases(digits: number): readonly HardCaseOperands[];
}
