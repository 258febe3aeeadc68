/**
 * The discovery report's script: draws every finalist's stitched out-of-sample equity (growth of 1) with
 * uPlot from the JSON data block (`#report-data`). A constant, so the CSP allows it by its sha256; it builds
 * the DOM through uPlot and textContent only.
 */
export const DISCOVERY_REPORT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var el = document.getElementById('equity-chart');
  if (!el || typeof uPlot !== 'function') return;
  el.textContent = '';
  if (data.x.length === 0 || data.series.length === 0) { el.textContent = 'no out-of-sample record'; return; }
  var colours = ['#2f5fd0', '#c0362c', '#12805c', '#f59e0b', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#b45309', '#475467'];
  function growth(u, v) { return v === null || v === undefined ? '—' : v.toFixed(4); }
  var opts = {
    width: Math.max(320, el.clientWidth), height: 320, ms: 1,
    scales: { x: { time: data.time } },
    series: [{ label: data.time ? 'bar (' + data.chartTimeZone + ')' : 'out-of-sample bar' }].concat(data.series.map(function (s, i) {
      return { label: s.label, stroke: colours[i % colours.length], width: 1.4, value: growth };
    })),
    axes: [{}, { size: 70 }],
    cursor: { drag: { x: true, y: false } }
  };
  if (data.time) opts.tzDate = function (ms) { return uPlot.tzDate(new Date(ms), data.chartTimeZone); };
  var chart = new uPlot(opts, [data.x].concat(data.series.map(function (s) { return s.v; })), el);
  window.addEventListener('resize', function () { chart.setSize({ width: Math.max(320, el.clientWidth), height: 320 }); });
})();
`;
