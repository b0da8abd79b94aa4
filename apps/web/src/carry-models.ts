import { loadAdder } from '@addrnn/model';
import type { CarryModel } from './carry-controls.js';
import type { LookedModel } from './carry-data.js';
import { fitProbe, type Probe } from './carry-fit.js';
import { quantitiesOf, type Quantity } from './carry-quantities.js';
import { statesOfPasses } from './carry-states.js';

/** Where each model the view offers comes from. */
export const CARRY_MODEL_SOURCES: Readonly<Record<CarryModel, string>> = { aligned: 'pretrained:aligned', signed: 'pretrained:signed' };

const looking = new Map<CarryModel, Promise<LookedModel>>();

/**
 * Loads a model and fits the probe of each quantity it is looked at for (the carry; for a model
 * with a sign pass also the borrow and the sign), once per page: a second call gets the same
 * promise, a failed one is tried again. `status` hears what it is doing; `paint` lets the page
 * show that before the main thread is busy fitting.
 */
export function lookInside(chosen: CarryModel, backendReady: Promise<unknown>, status: (text: string) => void, paint: () => Promise<void>): Promise<LookedModel> {
  let promise = looking.get(chosen);
  if (!promise) {
    promise = (async () => {
      const name = chosen === 'signed' ? 'signed' : 'aligned';
      status(`Loading the ${name} model…`);
      await backendReady;
      const adder = await loadAdder(CARRY_MODEL_SOURCES[chosen], { backend: 'current' });
      const signed = statesOfPasses(adder, ['0+0']).sign !== undefined;
      const { architecture, codec } = adder.metadata;
      const description =
        `${signed ? 'Signed aligned' : 'Aligned'} ${architecture.cell.toUpperCase()}, ${architecture.hiddenSize} units, ` +
        `${signed ? 'adds and subtracts in two passes over the columns (the sign, then the digits)' : 'adds in one pass over the columns'}, ` +
        `trained on numbers of up to ${codec.digits} digits; backend ${adder.backend.name}.`;
      status(`${description} Fitting the probe${signed ? 's' : ''} on training questions…`);
      await paint();
      const probes = new Map<Quantity['id'], Probe>(quantitiesOf(signed).map((quantity) => [quantity.id, fitProbe(adder, quantity.task)]));
      return { chosen, adder, signed, description, probes };
    })();
    looking.set(chosen, promise);
    promise.catch(() => looking.delete(chosen));
  }
  return promise;
}
