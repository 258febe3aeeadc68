/**
 * The report's own script: draws the equity, drawdown and price charts with uPlot from the JSON data
 * block (`#report-data`). A constant, so the page's Content-Security-Policy allows it by its sha256.
 * It builds the DOM through uPlot and textContent only, never from HTML strings.
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var tz = data.chartTimeZone;
  var money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  function tzDate(ms) { return uPlot.tzDate(new Date(ms), tz); }
  function moneyValue(u, v) { return v === null || v === undefined ? '—' : money.format(v); }
  function pctValue(u, v) { return v === null || v === undefined ? '—' : (v * 100).toFixed(2) + ' %'; }
  function moneyTicks(u, vals) { return vals.map(function (v) { return money.format(v); }); }
  function pctTicks(u, vals) { return vals.map(function (v) { return (v * 100).toFixed(1) + ' %'; }); }
  function noLine() { return null; }
  var charts = [];
  function make(id, series, yTicks, columns) {
    var el = document.getElementById(id);
    if (!el || typeof uPlot !== 'function') return;
    el.textContent = '';
    if (columns[0].length === 0) { el.textContent = 'no data'; return; }
    var opts = {
      width: Math.max(320, el.clientWidth), height: 280, ms: 1, tzDate: tzDate,
      scales: { x: { time: true } },
      series: [{ label: 'time (' + tz + ')' }].concat(series),
      axes: [{}, { size: 90, values: yTicks }],
      cursor: { drag: { x: true, y: false } }
    };
    charts.push([new uPlot(opts, columns, el), el]);
  }
  make('equity-chart', [{ label: 'Equity', stroke: '#2f5fd0', width: 1.5, value: moneyValue }], moneyTicks, [data.equity.t, data.equity.v]);
  make('drawdown-chart', [{ label: 'Drawdown', stroke: '#c0362c', fill: 'rgba(192,54,44,0.18)', fillTo: 0, width: 1, value: pctValue }], pctTicks, [data.equity.t, data.drawdown]);
  function markers(label, colour, fill, size) {
    return { label: label, stroke: colour, width: 2, paths: noLine, value: moneyValue, points: { show: true, size: size, stroke: colour, fill: fill, width: 2 } };
  }
  data.prices.forEach(function (price, i) {
    make('price-chart-' + i, [
      { label: price.symbol + ' close', stroke: '#475467', width: 1.2, spanGaps: true, value: moneyValue, points: { show: false } },
      markers('Long entry', '#12805c', '#12805c', 10),
      markers('Short entry', '#c0362c', '#c0362c', 10),
      markers('Exit', '#1d2330', '#ffffff', 9)
    ], moneyTicks, [price.t, price.close, price.longEntry, price.shortEntry, price.exit]);
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c[0].setSize({ width: Math.max(320, c[1].clientWidth), height: 280 }); });
  });
})();
`;
