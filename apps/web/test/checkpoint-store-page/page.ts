// The test page of indexeddb-checkpoint-store.test.ts: the store as the app bundles it, on window.
import { createIndexedDbCheckpointStore } from '../../src/indexeddb-checkpoint-store.js';

declare global {
  interface Window {
    createIndexedDbCheckpointStore?: typeof createIndexedDbCheckpointStore;
  }
}

window.createIndexedDbCheckpointStore = createIndexedDbCheckpointStore;
document.body.dataset['ready'] = 'true';
