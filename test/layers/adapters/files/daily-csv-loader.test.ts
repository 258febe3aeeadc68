import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDailyCsv } from '../../../../layers/adapters/files';
import { DailyCsvError } from '../../../../layers/core/market/csv';

describe('loadDailyCsv', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'daily-csv-'));
    await writeFile(join(dir, 'good.csv'), 'Date,Open,High,Low,Close,Volume\n2021-01-05,2,3,1,2.5,7\n2021-01-04,1,2,0.5,1.5,10\n');
    await writeFile(join(dir, 'bad.csv'), 'Date,Open,High,Low,Close,Volume\n2021-01-04,1,2,0.5,1.5,10\n2021-01-05,x,3,1,2.5,7\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a valid file ascending', async () => {
    const { bars, errors } = await loadDailyCsv(join(dir, 'good.csv'));
    expect(errors).toEqual([]);
    expect(bars.map((b) => b.date)).toEqual(['2021-01-04', '2021-01-05']);
  });

  it('is strict by default, naming the file and the row', async () => {
    await expect(loadDailyCsv(join(dir, 'bad.csv'))).rejects.toThrow(DailyCsvError);
    await expect(loadDailyCsv(join(dir, 'bad.csv'))).rejects.toThrow(/bad\.csv: 1 malformed row\(s\):\nline 3: Open "x" is not a number/);
  });

  it('returns valid rows and errors when not strict', async () => {
    const { bars, errors } = await loadDailyCsv(join(dir, 'bad.csv'), { strict: false });
    expect(bars).toHaveLength(1);
    expect(errors).toEqual([{ row: 3, reason: 'Open "x" is not a number' }]);
  });
});
