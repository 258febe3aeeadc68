/**
 * The dashboard page: one static HTML document with inline CSS and JS, no external resources. The script polls the
 * JSON endpoints every 2 s and builds the DOM with textContent only (no HTML from data). The server allows exactly
 * this script by its hash (Content-Security-Policy), so it is a constant.
 */

/** The endpoints the page polls (the tests check the page names each one). */
export const DASHBOARD_ENDPOINTS = ['/api/summary', '/api/equity', '/api/positions', '/api/orders', '/api/signals', '/api/rejections', '/api/risk-report', '/api/strategies'] as const;

export const DASHBOARD_POLL_MS = 2000;

const STYLE = `
:root { --fg: #1d2330; --muted: #667085; --line: #d8dde6; --bg: #f6f7f9; --card: #fff; --good: #12805c; --bad: #c0362c; --accent: #2f5fd0; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: baseline; padding: 12px 20px; background: var(--card); border-bottom: 1px solid var(--line); }
header h1 { font-size: 18px; margin: 0; }
header .meta { color: var(--muted); }
#conn.ok { color: var(--good); } #conn.down { color: var(--bad); font-weight: 600; }
main { padding: 16px 20px; display: grid; gap: 16px; max-width: 1400px; }
#kill { padding: 10px 14px; border-radius: 6px; border: 1px solid var(--line); background: var(--card); }
#kill.engaged { background: #fdecea; border-color: var(--bad); color: var(--bad); font-weight: 600; }
#kill.released { border-color: var(--good); }
#kill .history { font-weight: 400; color: var(--muted); font-size: 12px; margin-top: 4px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 10px; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tile .value { font-size: 20px; font-weight: 600; margin-top: 2px; font-variant-numeric: tabular-nums; }
.tile .note { color: var(--muted); font-size: 12px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; overflow-x: auto; }
section h2 { font-size: 15px; margin: 0 0 8px; }
section h2 small { color: var(--muted); font-weight: 400; }
.cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; font-size: 12px; }
td.num, th.num { text-align: right; }
.empty { color: var(--muted); font-style: italic; }
.pos { color: var(--good); } .neg { color: var(--bad); }
.pill { display: inline-block; padding: 0 6px; border-radius: 9px; background: #eef1f6; font-size: 12px; }
.reasons { margin: 0; padding-left: 16px; }
svg { width: 100%; height: 260px; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
`;

/** The page's script; the server's Content-Security-Policy allows it by its sha256. */
export const DASHBOARD_SCRIPT = `
(function () {
  'use strict';
  var POLL_MS = ${DASHBOARD_POLL_MS};
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var nyTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  var nyDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
  var usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

  function $(id) { return document.getElementById(id); }
  function time(ms) { return typeof ms === 'number' && ms > 0 ? nyTime.format(new Date(ms)) : '—'; }
  function isoTime(iso) { return iso ? time(Date.parse(iso)) : '—'; }
  function money(v) { var n = Number(v); return v === null || v === undefined || !isFinite(n) ? '—' : usd.format(n); }
  function num(v, digits) { var n = Number(v); return v === null || v === undefined || !isFinite(n) ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 4 : digits }); }
  function signed(n) { return (n > 0 ? 'pos' : n < 0 ? 'neg' : ''); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    for (var k in attrs) node.setAttribute(k, String(attrs[k]));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }
  /** Fills a table body; a cell is a string/number, a Node, or { text, cls }. */
  function rows(tbodyId, data, columns, emptyText) {
    var body = $(tbodyId);
    body.replaceChildren();
    if (data.length === 0) {
      var tr = el('tr'); var td = el('td', 'empty', emptyText); td.colSpan = columns; tr.appendChild(td); body.appendChild(tr);
      return;
    }
    data.forEach(function (cells) {
      var tr = el('tr');
      cells.forEach(function (cell) {
        var td;
        if (cell instanceof Node) { td = el('td'); td.appendChild(cell); }
        else if (cell !== null && typeof cell === 'object') td = el('td', cell.cls, cell.text);
        else td = el('td', undefined, cell);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }
  function tile(label, value, note, cls) {
    var t = el('div', 'tile');
    t.appendChild(el('div', 'label', label));
    t.appendChild(el('div', 'value' + (cls ? ' ' + cls : ''), value));
    if (note) t.appendChild(el('div', 'note', note));
    return t;
  }

  function renderSummary(s) {
    $('account').textContent = 'account ' + s.accountId;
    $('market-time').textContent = 'market time ' + time(s.marketTime) + ' New York' + (s.lastRoutine ? ' · ' + s.lastRoutine.routine + ' ' + s.lastRoutine.sessionDate : '');
    var k = s.killSwitch, kill = $('kill');
    kill.className = k.engaged === true ? 'engaged' : k.engaged === false ? 'released' : '';
    kill.replaceChildren();
    var line = k.engaged === true ? 'Kill switch ENGAGED: no new orders. ' : k.engaged === false ? 'Kill switch released: trading allowed. ' : 'Kill switch state unknown. ';
    kill.appendChild(el('div', '', line + (k.reason ? 'Reason: ' + k.reason : '') + (k.actor ? ' (by ' + k.actor + (k.changedAt ? ', ' + time(k.changedAt) : '') + ')' : '')));
    if (s.killSwitchChanges && s.killSwitchChanges.length > 0) {
      kill.appendChild(el('div', 'history', 'Changes seen this run: ' + s.killSwitchChanges.map(function (c) {
        return time(c.changedAt) + ' ' + (c.engaged ? 'engaged' : 'released') + ' (' + c.reason + ')';
      }).join('; ')));
    }

    var a = s.account, c = s.counts;
    var equity = Number(a.equity);
    var change = s.startingEquity === null ? null : equity - s.startingEquity;
    var tiles = $('tiles');
    tiles.replaceChildren(
      tile('Equity', money(a.equity)),
      tile('Change this run', change === null ? '—' : (change >= 0 ? '+' : '') + money(change), s.startingEquity === null ? '' : (100 * change / s.startingEquity).toFixed(2) + '% from ' + money(s.startingEquity), change === null ? '' : signed(change)),
      tile('Cash', money(a.cash)),
      tile('Buying power', money(a.buying_power)),
      tile('Open positions', c.openPositions),
      tile('Broker orders', c.brokerOrders, c.brokerOrdersFilled + ' with fills'),
      tile('Signals', c.signals, 'long ' + c.signalsByDirection.long + ' · flat ' + c.signalsByDirection.flat + ' · short ' + c.signalsByDirection.short),
      tile('Rejections', c.rejections, c.ordersSubmitted + ' orders submitted'),
      tile('Bars', c.bars),
      tile('Model accuracy', s.modelAccuracy.available ? s.modelAccuracy.value : s.modelAccuracy.status, s.modelAccuracy.note)
    );
  }

  function renderEquity(e) {
    var chart = $('chart');
    chart.replaceChildren();
    var pts = e.points;
    $('equity-note').textContent = pts.length + ' points, one per market minute' + (e.total > pts.length ? ' (latest ' + pts.length + ' of ' + e.total + ')' : '');
    if (pts.length === 0) { chart.appendChild(svg('text', { x: 20, y: 30 }, 'no equity samples yet')); return; }
    var W = 1000, H = 260, L = 90, R = 12, T = 12, B = 28;
    var lo = Infinity, hi = -Infinity;
    pts.forEach(function (p) { if (p.equity < lo) lo = p.equity; if (p.equity > hi) hi = p.equity; });
    if (hi - lo < 1) { lo -= 1; hi += 1; }
    var pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
    var n = pts.length;
    function x(i) { return L + (n === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (n - 1)); }
    function y(v) { return T + ((hi - v) * (H - T - B)) / (hi - lo); }
    for (var g = 0; g <= 4; g++) {
      var v = lo + ((hi - lo) * g) / 4;
      chart.appendChild(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#e6e9ef' }));
      chart.appendChild(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, usd.format(v)));
    }
    var lastDay = '';
    pts.forEach(function (p, i) {
      var day = nyDay.format(new Date(p.t));
      if (day !== lastDay) {
        if (i > 0) chart.appendChild(svg('line', { x1: x(i), x2: x(i), y1: T, y2: H - B, stroke: '#c9cfda', 'stroke-dasharray': '3 3' }));
        chart.appendChild(svg('text', { x: x(i) + 3, y: H - 10 }, day));
        lastDay = day;
      }
    });
    var start = pts[0].equity;
    chart.appendChild(svg('line', { x1: L, x2: W - R, y1: y(start), y2: y(start), stroke: '#98a2b3', 'stroke-dasharray': '6 4' }));
    var d = pts.map(function (p, i) { return (i === 0 ? 'M' : 'L') + x(i).toFixed(1) + ' ' + y(p.equity).toFixed(1); }).join(' ');
    chart.appendChild(svg('path', { d: d, fill: 'none', stroke: '#2f5fd0', 'stroke-width': 1.6 }));
    var last = pts[n - 1];
    chart.appendChild(svg('circle', { cx: x(n - 1), cy: y(last.equity), r: 3, fill: '#2f5fd0' }));
    var title = svg('title', {}, time(last.t) + ' ' + usd.format(last.equity));
    chart.lastChild.appendChild(title);
  }

  function renderPositions(p) {
    rows('positions', p.positions.map(function (q) {
      return [q.symbol, q.side, { text: num(q.qty), cls: 'num' }, { text: money(q.avg_entry_price), cls: 'num' }, { text: money(q.current_price), cls: 'num' },
        { text: money(q.market_value), cls: 'num' }, { text: money(q.unrealized_pl) + ' (' + (100 * Number(q.unrealized_plpc)).toFixed(2) + '%)', cls: 'num ' + signed(Number(q.unrealized_pl)) }];
    }), 7, 'no open positions');
  }

  function renderOrders(o) {
    $('orders-note').textContent = 'newest first, ' + o.orders.length + ' of ' + o.total;
    rows('orders', o.orders.map(function (q) {
      return [isoTime(q.submitted_at), q.symbol, q.side, q.type, { text: num(q.qty), cls: 'num' }, { text: num(q.filled_qty), cls: 'num' },
        { text: money(q.filled_avg_price), cls: 'num' }, el('span', 'pill', q.status)];
    }), 8, 'no orders yet');
  }

  function renderSignals(s) {
    $('signals-note').textContent = 'newest first, ' + s.signals.length + ' of ' + s.total;
    rows('signals', s.signals.map(function (q) {
      return [time(q.barStart), q.strategyId, q.symbol, { text: q.direction, cls: q.direction === 'long' ? 'pos' : q.direction === 'short' ? 'neg' : '' },
        { text: num(q.strength, 2), cls: 'num' }, { text: money(q.referencePrice), cls: 'num' }, q.reason];
    }), 7, 'no signals yet');
  }

  function reasonList(tally) {
    var list = el('ul', 'reasons');
    tally.reasons.slice(0, 5).forEach(function (r) { list.appendChild(el('li', '', r.count + '× ' + r.reason)); });
    var hidden = tally.reasons.slice(5).reduce(function (sum, r) { return sum + r.count; }, 0) + tally.otherReasons;
    if (hidden > 0) list.appendChild(el('li', 'empty', hidden + ' more with other reasons'));
    return list;
  }

  function renderRejections(r) {
    $('rejections-note').textContent = r.total + ' in all';
    rows('by-check', r.byCheck.map(function (t) { return [t.checkId, { text: t.count, cls: 'num' }, reasonList(t), time(t.lastAt)]; }), 4, 'no rejections yet');
    rows('rejections', r.rejections.map(function (q) {
      var checks = el('ul', 'reasons');
      q.failedChecks.forEach(function (c) {
        var extra = (c.measured !== undefined ? ' measured ' + c.measured : '') + (c.limit !== undefined ? ', limit ' + c.limit : '');
        checks.appendChild(el('li', '', c.checkId + ': ' + c.reason + extra));
      });
      return [time(q.rejectedAt), q.symbol, q.strategyId, q.stage, checks];
    }), 5, 'no rejections yet');
  }

  function pct(f) { return f === null || f === undefined || !isFinite(Number(f)) ? '—' : (100 * Number(f)).toFixed(2) + '%'; }

  function renderRisk(r) {
    var note = $('risk-note');
    if (!r.available) {
      note.textContent = '';
      rows('risk-var', [], 5, r.note);
      rows('risk-components', [], 5, 'no report');
      rows('risk-stress', [], 3, 'no report');
      return;
    }
    var p = r.report, limit = p.limit;
    note.textContent = 'session ' + p.asOf + ' · ' + p.routine + ' run at ' + time(p.computedAt) + ' · equity ' + money(p.equity) + ' · ' + p.observations + ' daily returns · VaR99 ' +
      (limit.usage === null ? 'n/a' : pct(limit.usage)) + ' of its limit (' + pct(limit.maxPostTradeVarPct) + ' of equity)' + (limit.breached ? ' · OVER THE LIMIT' : '') +
      (p.unmodelled.length > 0 ? ' · not modelled: ' + p.unmodelled.map(function (u) { return u.symbol + ' (' + u.reason + ')'; }).join('; ') : '');
    rows('risk-var', p.var.map(function (l) {
      return [(100 * l.confidence).toFixed(0) + '%', { text: money(l.historical.var) + ' (' + pct(l.historical.varPctOfEquity) + ')', cls: 'num' }, { text: money(l.historical.cvar), cls: 'num' },
        { text: money(l.gaussian.var) + ' (' + pct(l.gaussian.varPctOfEquity) + ')', cls: 'num' }, { text: money(l.gaussian.cvar), cls: 'num' }];
    }), 5, 'no VaR levels');
    rows('risk-components', p.positions.map(function (q) {
      return [q.symbol, { text: num(q.quantity), cls: 'num' }, { text: money(q.marketValue), cls: 'num' }, { text: money(q.componentVar99), cls: 'num' }, { text: pct(q.componentShare99), cls: 'num' }];
    }), 5, 'no modelled positions');
    rows('risk-stress', p.stress.map(function (q) {
      return [q.name, { text: money(q.pnl), cls: 'num ' + signed(q.pnl) }, { text: pct(q.pnlPctOfEquity), cls: 'num ' + signed(q.pnl) }];
    }), 3, 'no scenarios');
  }

  function hitRate(h) { return h === null ? 'not scored' : h.trials === 0 ? 'not scored yet' : h.hits + '/' + h.trials + ' = ' + pct(h.rate); }
  function metric(m) { return m === null || m.estimate === null ? '—' : num(m.estimate, 3) + (m.lower !== null && m.upper !== null ? ' [' + num(m.lower, 3) + ', ' + num(m.upper, 3) + ']' : ''); }

  function renderStrategies(p) {
    var note = $('strategies-note');
    if (!p.available) {
      note.textContent = '';
      rows('strategies', [], 6, p.note);
      rows('models', [], 8, p.note);
      return;
    }
    var o = p.overview;
    note.textContent = o.activeSet === null ? 'the default binding: no active set stored by the pre-market selection'
      : 'active set of ' + o.activeSet.sessionDate + ' (selected ' + isoTime(o.activeSet.selectedAt) + ' NY, version ' + o.activeSet.version + ')';
    rows('strategies', o.strategies.map(function (q) {
      var state = q.source + ' · ' + q.state + (q.registryStateNow !== undefined && q.registryStateNow !== q.state ? ' (registry now ' + q.registryStateNow + ')' : '') + (q.skipped !== undefined ? ' · SKIPPED: ' + q.skipped : '');
      var params = Object.keys(q.parameters).map(function (k) { return k + '=' + String(q.parameters[k]); }).join(' ');
      return [q.strategyId + (q.family !== undefined ? ' (' + q.family + ')' : ''), state, params, q.symbols.join(', '), { text: hitRate(q.liveHitRate), cls: 'num' }, q.liveHitRate.window];
    }), 6, 'no strategy: the selection found nothing that qualifies');
    var models = [];
    o.models.forEach(function (m) {
      [['champion', m.champion], ['challenger (shadow)', m.challenger]].forEach(function (pair) {
        var v = pair[1];
        if (v === null) return;
        models.push([m.symbol, pair[0], v.version + (v.manifestFound ? '' : ' (no manifest)'), { text: metric(v.holdout.accuracy), cls: 'num' }, { text: metric(v.holdout.baselineAccuracy), cls: 'num' },
          { text: metric(v.holdout.auc), cls: 'num' }, { text: hitRate(v.liveHitRate), cls: 'num' }, { text: v.forecasts.recorded + ' (' + v.forecasts.pending + ' undecided)', cls: 'num' }]);
      });
    });
    rows('models', models, 8, 'no model in the registry' + (o.symbolsWithoutModel.length > 0 ? ' (' + o.symbolsWithoutModel.join(', ') + ')' : ''));
  }

  function get(path) {
    return fetch(path, { cache: 'no-store', headers: { accept: 'application/json' } }).then(function (res) {
      if (!res.ok) throw new Error(path + ': HTTP ' + res.status);
      return res.json();
    });
  }

  function poll() {
    Promise.all([
      get('/api/summary'), get('/api/equity'), get('/api/positions'),
      get('/api/orders?limit=50'), get('/api/signals?limit=50'), get('/api/rejections?limit=50'), get('/api/risk-report'), get('/api/strategies')
    ]).then(function (r) {
      renderSummary(r[0]); renderEquity(r[1]); renderPositions(r[2]); renderOrders(r[3]); renderSignals(r[4]); renderRejections(r[5]); renderRisk(r[6]); renderStrategies(r[7]);
      var conn = $('conn'); conn.className = 'ok'; conn.textContent = 'live · updated ' + new Date().toLocaleTimeString();
    }).catch(function (error) {
      var conn = $('conn'); conn.className = 'down'; conn.textContent = 'not connected (' + error.message + '); retrying';
    }).then(function () { setTimeout(poll, POLL_MS); });
  }
  poll();
})();
`;

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tradeloop · local dashboard</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>tradeloop · local dashboard</h1>
  <span class="meta" id="account"></span>
  <span class="meta" id="market-time"></span>
  <span id="conn">connecting…</span>
</header>
<main>
  <div id="kill">Kill switch: loading…</div>
  <div class="tiles" id="tiles"></div>
  <section>
    <h2>Equity <small id="equity-note"></small></h2>
    <svg id="chart" viewBox="0 0 1000 260" preserveAspectRatio="none" role="img" aria-label="equity over market time"></svg>
  </section>
  <div class="cols">
    <section>
      <h2>Positions</h2>
      <table><thead><tr><th>Symbol</th><th>Side</th><th class="num">Qty</th><th class="num">Avg entry</th><th class="num">Price</th><th class="num">Market value</th><th class="num">Unrealised P/L</th></tr></thead><tbody id="positions"></tbody></table>
    </section>
    <section>
      <h2>Recent orders <small id="orders-note"></small></h2>
      <table><thead><tr><th>Submitted (NY)</th><th>Symbol</th><th>Side</th><th>Type</th><th class="num">Qty</th><th class="num">Filled</th><th class="num">Avg price</th><th>Status</th></tr></thead><tbody id="orders"></tbody></table>
    </section>
  </div>
  <section>
    <h2>Risk report <small id="risk-note"></small></h2>
    <div class="cols">
      <table><thead><tr><th>1-day loss</th><th class="num">Historical VaR</th><th class="num">CVaR</th><th class="num">Gaussian VaR</th><th class="num">CVaR</th></tr></thead><tbody id="risk-var"></tbody></table>
      <table><thead><tr><th>Stress scenario</th><th class="num">P/L</th><th class="num">of equity</th></tr></thead><tbody id="risk-stress"></tbody></table>
    </div>
    <table><thead><tr><th>Position</th><th class="num">Qty</th><th class="num">Value</th><th class="num">Component VaR 99%</th><th class="num">Share</th></tr></thead><tbody id="risk-components"></tbody></table>
  </section>
  <section>
    <h2>Strategies and models <small id="strategies-note"></small></h2>
    <table><thead><tr><th>Strategy</th><th>Source · state</th><th>Parameters</th><th>Symbols</th><th class="num">Live hit rate</th><th>Window</th></tr></thead><tbody id="strategies"></tbody></table>
    <table><thead><tr><th>Symbol</th><th>Model</th><th>Version</th><th class="num">Held-out accuracy</th><th class="num">Always-up</th><th class="num">AUC</th><th class="num">Live hit rate</th><th class="num">Forecasts</th></tr></thead><tbody id="models"></tbody></table>
  </section>
  <section>
    <h2>Recent signals <small id="signals-note"></small></h2>
    <table><thead><tr><th>Bar (NY)</th><th>Strategy</th><th>Symbol</th><th>Direction</th><th class="num">Strength</th><th class="num">Price</th><th>Reason</th></tr></thead><tbody id="signals"></tbody></table>
  </section>
  <div class="cols">
    <section>
      <h2>Rejections by check <small id="rejections-note"></small></h2>
      <table><thead><tr><th>Check</th><th class="num">Failed</th><th>Reasons</th><th>Last (NY)</th></tr></thead><tbody id="by-check"></tbody></table>
    </section>
    <section>
      <h2>Recent rejections</h2>
      <table><thead><tr><th>Time (NY)</th><th>Symbol</th><th>Strategy</th><th>Stage</th><th>Failed checks</th></tr></thead><tbody id="rejections"></tbody></table>
    </section>
  </div>
</main>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;

/** The dashboard page (a constant document; all data comes from the JSON endpoints). */
export function dashboardPage(): string {
  return HTML;
}
