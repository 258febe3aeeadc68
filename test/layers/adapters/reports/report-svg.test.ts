import { niceTicks, paddedDomain, svgBars, svgScatter } from '../../../../layers/adapters/reports/report-svg';

describe('report SVG helpers', () => {
  it('niceTicks are 1/2/5 × 10^k apart inside the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
    expect(niceTicks(-0.13, 0.27)).toEqual([-0.1, 0, 0.1, 0.2]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it('paddedDomain pads by 5 % and widens a flat set', () => {
    const [lo, hi] = paddedDomain([0, 10, Number.NaN]);
    expect(lo).toBeCloseTo(-0.5, 12);
    expect(hi).toBeCloseTo(10.5, 12);
    expect(paddedDomain([2, 2])).toEqual([1, 3]);
    expect(paddedDomain([])).toEqual([0, 1]);
  });

  it('svgScatter maps the domain onto the plot area and skips non-finite points', () => {
    const svg = svgScatter({
      id: 's',
      xLabel: 'x',
      yLabel: 'y',
      xTick: String,
      yTick: String,
      xDomain: [0, 1],
      yDomain: [0, 1],
      width: 180, // plot area 100 px wide from x = 64 (margins 64 left, 16 right)
      height: 154, // plot area 100 px high from y = 12 (margins 12 top, 42 bottom)
      points: [
        { x: 0, y: 0, cls: 'pt-trial', title: 'a' },
        { x: 1, y: 1, cls: 'pt-front', title: 'b' },
        { x: Number.NaN, y: 0.5, cls: 'pt-trial', title: 'c' },
      ],
    });
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain('<circle class="pt-trial" cx="64" cy="112"');
    expect(svg).toContain('<circle class="pt-front" cx="164" cy="12"');
  });

  it('svgBars draws a bar per finite row from zero, negative bars in their own class', () => {
    const svg = svgBars({ id: 'b', valueLabel: 'v', tick: String, rows: [{ label: 'a', value: 2 }, { label: 'b', value: -1, whisker: 0.5 }, { label: 'c', value: Number.NaN }] });
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('<rect class="bar" ');
    expect(svg).toContain('<rect class="bar-neg" ');
    expect(svg.match(/class="whisker"/g)).toHaveLength(1);
    expect(svg).toContain('>c</text>');
  });
});
