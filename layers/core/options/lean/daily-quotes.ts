/**
 * Lean daily option quote bars (L-OPT-DAY-Q): `YYYYMMDD 00:00, bid OHLC, last bid size, ask OHLC, last ask size`,
 * deci-cents, one CSV per contract. The close of each side is the end-of-day quote.
 */
import { scaledIntegerToDecimal, type DecimalString } from '../../market/exact';
import { LeanFormatError } from '../../market/lean';

export interface DailyOptionQuote {
  /** Trading date `YYYY-MM-DD`. */
  readonly date: string;
  readonly bidClose?: DecimalString;
  readonly bidSize: number;
  readonly askClose?: DecimalString;
  readonly askSize: number;
}

/** Parses one daily option quote CSV; an empty side (`,,,,,0`) is absent. */
export function parseLeanDailyOptionQuotes(csvText: string): readonly DailyOptionQuote[] {
  const out: DailyOptionQuote[] = [];
  csvText.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const fields = line.split(',');
    if (fields.length !== 11) throw new LeanFormatError(`line ${index + 1}: expected 11 daily quote fields, got ${fields.length}`);
    const date = /^(\d{4})(\d{2})(\d{2}) \d{2}:\d{2}$/.exec(fields[0]?.trim() ?? '');
    if (date === null) throw new LeanFormatError(`line ${index + 1}: expected "YYYYMMDD HH:MM", got "${fields[0]}"`);
    const bid = fields[4]?.trim() ?? '';
    const ask = fields[9]?.trim() ?? '';
    out.push({
      date: `${date[1]}-${date[2]}-${date[3]}`,
      ...(bid === '' ? {} : { bidClose: scaledIntegerToDecimal(bid, 4) }),
      bidSize: Number(fields[5]?.trim() || '0'),
      ...(ask === '' ? {} : { askClose: scaledIntegerToDecimal(ask, 4) }),
      askSize: Number(fields[10]?.trim() || '0'),
    });
  });
  return out;
}
