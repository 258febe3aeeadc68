import { InvalidArgumentError } from 'commander';
import { parseDayCount, parseDollars, parsePort, parseSessionDate, parseSpeed, parseSymbols } from '../../bin/cli/options';

describe('CLI option parsers', () => {
  it('parseSymbols upper-cases, trims and validates tickers', () => {
    expect(parseSymbols('spy, ibm,BRK.B')).toEqual(['SPY', 'IBM', 'BRK.B']);
    expect(parseSymbols('SPY,,IBM,')).toEqual(['SPY', 'IBM']);
    for (const bad of ['', ',', 'SPY,@@', 'SPY IBM', 'TOOLONGTICKER1']) expect(() => parseSymbols(bad)).toThrow(InvalidArgumentError);
  });

  it('parseSessionDate accepts real YYYY-MM-DD dates only', () => {
    expect(parseSessionDate('2013-10-07')).toBe('2013-10-07');
    expect(parseSessionDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2023-02-29', '2013-13-01', '2013-10-7', '10/07/2013', '2013-10-07T09:30', '']) expect(() => parseSessionDate(bad)).toThrow(InvalidArgumentError);
  });

  it('parseSpeed accepts max, real and positive multiples', () => {
    expect(parseSpeed('max')).toEqual({ kind: 'max' });
    expect(parseSpeed('real')).toEqual({ kind: 'multiple', factor: 1 });
    expect(parseSpeed('60x')).toEqual({ kind: 'multiple', factor: 60 });
    expect(parseSpeed('2.5')).toEqual({ kind: 'multiple', factor: 2.5 });
    for (const bad of ['0', '0x', '-2x', 'fast', 'x', '60X', '']) expect(() => parseSpeed(bad)).toThrow(InvalidArgumentError);
  });

  it('parseDollars keeps positive amounts as exact strings', () => {
    expect(parseDollars('100000')).toBe('100000');
    expect(parseDollars('0.10')).toBe('0.10');
    for (const bad of ['0', '0.00', '-5', '1e6', '1.234', '12.', 'abc', '1234567890123']) expect(() => parseDollars(bad)).toThrow(InvalidArgumentError);
  });

  it('parseDayCount accepts 1 to 3660 whole days', () => {
    expect(parseDayCount('1')).toBe(1);
    expect(parseDayCount('3660')).toBe(3660);
    for (const bad of ['0', '3661', '1.5', '-1', 'ten', '']) expect(() => parseDayCount(bad)).toThrow(InvalidArgumentError);
  });

  it('parsePort accepts 0 to 65535', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('8787')).toBe(8787);
    for (const bad of ['65536', '-1', '80.5', 'http', '']) expect(() => parsePort(bad)).toThrow(InvalidArgumentError);
  });
});
