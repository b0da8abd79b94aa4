import { percent } from './dom.js';
import type { CaseProbe, Probe } from './carry-fit.js';
import type { Readout } from './carry-probe.js';
import type { Quantity } from './carry-quantities.js';
import { grouped } from './long-sum-input.js';

function kindOf(readout: Readout): string {
  return readout.kind === 'unit' ? `the single state value ${readout.name}` : `${readout.name} (logistic regression on the hidden and cell states)`;
}

/** What the other readout of one case got, and what that says. */
function otherReadout({ chosen, unit, direction, heldOut }: CaseProbe, noun: string): string {
  return chosen === direction
    ? `the best single unit, ${unit.name}, gets ${percent(heldOut.unit.accuracy, 2)}: no one unit holds the ${noun} alone, it is spread over several`
    : `the best direction, ${direction.name} (logistic regression), gets ${percent(heldOut.direction.accuracy, 2)}`;
}

/**
 * What a probe paragraph says: which pass it reads, how its readout was chosen, on which
 * questions, and how well it predicts the quantity on held-out ones.
 * @param name "the probe", "the borrow probe".
 * @param signed Whether the model reads its columns twice (then the paragraph names the pass).
 */
export function describeProbe(probe: Probe, quantity: Quantity, name: string, signed: boolean): string {
  const { cases, heldOut, training } = probe;
  const Name = name.charAt(0).toUpperCase() + name.slice(1);
  const pass = signed ? ` reads the ${quantity.task.pass === 'sign' ? 'first (sign)' : 'second (digits)'} pass; it` : '';
  const readouts =
    cases.length === 1
      ? `is ${kindOf(cases[0]!.chosen)}`
      : `is one readout per ${quantity.task.cases ? 'sign the second pass is given (the model’s own)' : 'case'}: ${cases.map((entry) => `${entry.name}, ${kindOf(entry.chosen)}`).join('; ')}`;
  const others =
    cases.length === 1 || cases.some((entry) => entry.chosen !== entry.direction)
      ? cases.map((entry) => `${entry.name ? `${entry.name}, ` : ''}${otherReadout(entry, quantity.noun)}`).join('; ')
      : `the best single units, ${cases.map((entry) => `${entry.unit.name} (${entry.name})`).join(' and ')}, get ${cases.map((entry) => percent(entry.heldOut.unit.accuracy, 2)).join(' and ')}: no one unit holds the ${quantity.noun} alone`;
  return (
    `${Name}${pass} ${readouts}, fitted on ${grouped(training.columns)} columns of ${grouped(training.questions)} training ${quantity.trainingText}. ` +
    `On ${grouped(heldOut.columns)} columns of ${grouped(heldOut.questions)} held-out ${quantity.heldOutText} it predicts the ${quantity.noun} ${percent(heldOut.accuracy, 2)} of the time (correlation ${heldOut.correlation.toFixed(3)}). ` +
    `${others.charAt(0).toUpperCase()}${others.slice(1)}.`
  );
}
