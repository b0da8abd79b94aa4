// What the Train tab keeps in IndexedDB, read from inside a page (the resume and accessibility tests).
import type { Page } from 'playwright-core';

/** The training examples the stored run's `latest` checkpoint holds, read from IndexedDB in the page; 0 when there is none. */
export function storedExamplesSeen(page: Page): Promise<number> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((database) => database.name === 'addrnn-runs')) return 0;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('addrnn-runs');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const bytes = await new Promise<Uint8Array | undefined>((resolve, reject) => {
        const request = db.transaction('files').objectStore('files').get(['train-tab', 'latest', 'trainer-state.json']);
        request.onsuccess = () => resolve(request.result as Uint8Array | undefined);
        request.onerror = () => reject(request.error);
      });
      return bytes === undefined ? 0 : (JSON.parse(new TextDecoder().decode(bytes)) as { examplesSeen: number }).examplesSeen;
    } finally {
      db.close();
    }
  });
}
