import { describe, expect, it } from 'vitest';
import { solveParsed } from './solve.js';

describe('solveParsed', () => {
  it('adds, subtracts and multiplies exactly', () => {
    expect(solveParsed({ left: '535', operator: '+', right: '61' })).toBe('596');
    expect(solveParsed({ left: '3', operator: '-', right: '10' })).toBe('-7');
    expect(solveParsed({ left: '5', operator: '-', right: '5' })).toBe('0');
    expect(solveParsed({ left: '007', operator: '*', right: '0' })).toBe('0');
  });

  it('stays exact beyond the doubles’ 2^53', () => {
    const nines = '9'.repeat(15);
    expect(solveParsed({ left: nines, operator: '*', right: nines })).toBe('99999999999999' + '8' + '00000000000000' + '1');
    expect(solveParsed({ left: nines, operator: '+', right: nines })).toBe('1999999999999998');
  });
});
