import { familyOf } from '@addrnn/model';
import { cliFamily, type ArchitectureWords } from './families/index.js';

/** The architecture in a few words, as its family describes it: `LSTM 128 (1 encoder + 1 decoder layer)`. */
export function describeArchitecture(architecture: ArchitectureWords): string {
  return cliFamily(familyOf(architecture)).describeArchitecture(architecture);
}

/** The task in a few words: `5-digit + questions`, `3-digit +, - questions, answers reversed`. */
export function describeTask(task: {
  digits: number;
  operators: readonly string[];
  reverseQuestion?: boolean;
  reverseAnswer?: boolean;
}): string {
  const notes = [
    ...(task.reverseQuestion === false ? ['questions not reversed'] : []),
    ...(task.reverseAnswer === true ? ['answers reversed'] : []),
  ];
  return `${task.digits}-digit ${task.operators.join(' ')} questions${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}
