import { loadAdder, recordedAccuracy } from '@addrnn/model';
import { createAskView } from './ask-view.js';
import { createCarryView } from './carry-view.js';
import { describeBackend, startBackend } from './backend.js';
import { isolateWithServiceWorker, type IsolationState } from './cross-origin-isolation.js';
import { CurrentModel, describeArchitecture } from './current-model.js';
import { messageOf, percent } from './dom.js';
import { createLongSumView } from './long-sum-view.js';
import { createTrainView } from './train-view.js';
import { createTryManyView } from './try-many-view.js';
import './style.css';

type ViewName = 'ask' | 'try' | 'train' | 'long' | 'carry';
const viewNames: readonly ViewName[] = ['ask', 'try', 'train', 'long', 'carry'];

declare global {
  interface Window {
    /** Milliseconds from navigation start to the first answer on screen; read by the browser tests. */
    addrnnTimings?: { backendReadyMs?: number; modelReadyMs?: number; firstAnswerMs?: number };
    /** Whether the page is cross-origin isolated, or why not; read by the browser tests. */
    addrnnIsolation?: IsolationState | 'pending';
  }
}

const timings: NonNullable<Window['addrnnTimings']> = {};
window.addrnnTimings = timings;
window.addrnnIsolation = 'pending';
void isolateWithServiceWorker().then((state) => (window.addrnnIsolation = state));

const app = document.querySelector<HTMLElement>('#app')!;
const backendLabel = document.querySelector<HTMLElement>('#backend')!;
const modelLabel = document.querySelector<HTMLElement>('#model-label')!;
const tabs = new Map(viewNames.map((name) => [name, document.querySelector<HTMLButtonElement>(`#tab-${name}`)!]));

const current = new CurrentModel();
const backend = startBackend();
const longSums = createLongSumView(backend);
const carry = createCarryView(backend);
const ask = createAskView(current, backend, () => show('train'));
const views = new Map<ViewName, HTMLElement>([
  ['ask', ask.element],
  ['try', createTryManyView(current)],
  ['train', createTrainView(current, longSums, (view) => show(view))],
  ['long', longSums.element],
  ['carry', carry.element],
]);
app.append(...views.values());

function show(name: ViewName, focus = false): void {
  for (const [viewName, view] of views) view.hidden = viewName !== name;
  for (const [tabName, tab] of tabs) {
    const selected = tabName === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    if (selected && focus) tab.focus();
  }
  if (name === 'long') longSums.activate();
  if (name === 'carry') carry.activate();
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
}

for (const [name, tab] of tabs) {
  tab.addEventListener('click', () => show(name));
  tab.addEventListener('keydown', (event) => {
    // The tablist's keys (WAI-ARIA tabs pattern): arrows move to the next or previous tab, Home and End to the ends.
    const here = viewNames.indexOf(name);
    const index = { ArrowRight: here + 1, ArrowLeft: here - 1, Home: 0, End: viewNames.length - 1 }[event.key];
    if (index === undefined) return;
    event.preventDefault();
    show(viewNames[(index + viewNames.length) % viewNames.length]!, true);
  });
}
const initial = location.hash.slice(1) as ViewName;
show(viewNames.includes(initial) ? initial : 'ask');

current.subscribe((entry, problem) => {
  // The accuracy the model in use records (pretrained, trained here or loaded), when it records one.
  const accuracy = entry && recordedAccuracy(entry.adder.metadata);
  const suffix = accuracy === undefined ? '' : `, ${percent(accuracy)} validation accuracy`;
  modelLabel.textContent = entry ? `${entry.label}${suffix}` : problem ? 'none' : 'loading…';
});
void ask.firstAnswer.then((at) => (timings.firstAnswerMs = Math.round(at)));

async function start(): Promise<void> {
  try {
    const info = await backend;
    timings.backendReadyMs = Math.round(performance.now());
    backendLabel.textContent = describeBackend(info);
  } catch (error) {
    backendLabel.textContent = 'none';
    current.fail(`No TensorFlow.js backend could start in this browser: ${messageOf(error)}`);
    return;
  }
  try {
    const adder = await loadAdder();
    timings.modelReadyMs = Math.round(performance.now());
    current.set({ adder, label: `pretrained ${describeArchitecture(adder)}` });
  } catch (error) {
    current.fail(`${messageOf(error).replace(/\.?\s*$/, '.')} You can train a model in the Train view.`);
  }
}

void start();
