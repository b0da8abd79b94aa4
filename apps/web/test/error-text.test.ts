import { describe, expect, it } from 'vitest';
import { describeError } from '../src/error-text.js';
import { chooseTrainingThreads, describeThreads } from '../src/threads.js';

describe('describeError', () => {
  it('gives an Error its name, message and stack', () => {
    const error = new TypeError('bad value');
    const text = describeError(error);
    expect(text.message).toBe('TypeError: bad value');
    expect(text.stack).toContain('bad value');
  });

  it('reads an ErrorEvent-like value: message and where, with the carried error’s stack', () => {
    const inner = new ReferenceError('e is not defined');
    const text = describeError({ message: 'Uncaught ReferenceError: e is not defined', filename: 'blob:x/1', lineno: 3, colno: 7, error: inner });
    expect(text.message).toBe('Uncaught ReferenceError: e is not defined (at blob:x/1:3:7)');
    expect(text.stack).toBe(inner.stack);
  });

  it('looks inside an ErrorEvent thrown as a value instead of printing [object ErrorEvent]', () => {
    const nested = { message: 'Uncaught ReferenceError: e is not defined', filename: 'blob:pthread', lineno: 1, colno: 2, error: null };
    const outer = { message: 'Uncaught [object ErrorEvent]', filename: 'http://host/assets/train-worker.js', lineno: 9, colno: 0, error: nested };
    const text = describeError(outer);
    expect(text.message).toBe('Uncaught ReferenceError: e is not defined (at blob:pthread:1:2) (at http://host/assets/train-worker.js:9)');
    expect(text.message).not.toContain('[object');
  });

  it('describes rejection reasons, strings and plain objects', () => {
    expect(describeError({ reason: new RangeError('too big') }).message).toBe('RangeError: too big');
    expect(describeError('plain text').message).toBe('plain text');
    expect(describeError({ status: 404 }).message).toBe('{"status":404}');
    expect(describeError(undefined).message).toBe('undefined');
  });
});

describe('chooseTrainingThreads', () => {
  it('uses one thread without cross-origin isolation and says so', () => {
    const choice = chooseTrainingThreads(false, 8, true);
    expect(choice).toMatchObject({ crossOriginIsolated: false, cores: 8, available: 1, threads: 1 });
    expect(describeThreads(choice)).toBe('This page is not cross-origin isolated, so training falls back to one thread.');
  });

  it('offers every core when isolated, and uses them once browser training can split its work', () => {
    expect(chooseTrainingThreads(true, 8, true)).toMatchObject({ available: 8, threads: 8 });
    expect(describeThreads(chooseTrainingThreads(true, 8, true))).toBe('Cross-origin isolated: training uses 8 threads.');
    const today = chooseTrainingThreads(true, 8, false);
    expect(today).toMatchObject({ available: 8, threads: 1 });
    expect(describeThreads(today)).toMatch(/^Cross-origin isolated: training uses 1 thread \(8 available;/);
  });

  it('treats an unknown core count as one core', () => {
    expect(chooseTrainingThreads(true, 0, true)).toMatchObject({ cores: 1, available: 1, threads: 1 });
  });
});
