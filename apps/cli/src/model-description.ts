/** The architecture in a few words: `LSTM 128 (1 encoder + 1 decoder layer)`. */
export function describeArchitecture(architecture: {
  family?: string;
  cell: string;
  hiddenSize: number;
  encoderLayers: number;
  decoderLayers: number;
  dropout?: number;
}): string {
  const cell = architecture.cell === 'simpleRNN' ? 'SimpleRNN' : architecture.cell.toUpperCase();
  if (architecture.family === 'aligned') return `aligned ${cell} ${architecture.hiddenSize} (one digit column per step, numbers of any length)`;
  const layers = `${architecture.encoderLayers} encoder + ${architecture.decoderLayers} decoder layer${architecture.decoderLayers === 1 ? '' : 's'}`;
  const dropout = architecture.dropout ? `, dropout ${architecture.dropout}` : '';
  return `${cell} ${architecture.hiddenSize} (${layers}${dropout})`;
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
