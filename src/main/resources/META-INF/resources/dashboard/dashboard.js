// Cartographer dashboard: plain ES2020, no framework, no build step. Every string that comes from the
// API is inserted with textContent or as an attribute value, never parsed as HTML.

const DASH = '\u2014';
const TREND_RUNS = 30;
const IDLE_POLL_MS = 2000;
const ACTIVE_POLL_MS = 1000;
const LIST_REFRESH_MS = 30000;
const TOKEN_KEY = 'cartographer.api-token';
const SVG_NS = 'http://www.w3.org/2000/svg';
const TRENDS = [
  { metric: 'p99', chart: 'chart-p99', label: 'p99 latency' },
  { metric: 'throughput', chart: 'chart-throughput', label: 'throughput' },
  { metric: 'memory_peak', chart: 'chart-memory', label: 'target memory peak' },
  { metric: 'cpu_per_request', chart: 'chart-cpu', label: 'target CPU per request' },
  { metric: 'alloc_per_request', chart: 'chart-alloc', label: 'target allocation per request' },
];
const METRIC_LABELS = {
  p50_ms: 'p50', p99_ms: 'p99', throughput_rps: 'throughput', error_rate: 'errors',
  memory_peak_bytes: 'mem peak', memory_delta_bytes: 'mem \u0394',
  cpu_ms_per_request: 'cpu/req', alloc_bytes_per_request: 'alloc/req', capacity_rps: 'capacity',
};

const state = {
  latest: null, // the passport shown
  passports: [], // listing items
  selected: null, // "endpoint/variant" key
  userSelected: false, // chosen by the user: kept when the data reload
  runId: null, // run being followed
  starting: false, // POST /run in flight
  pollTimer: null,
  chartSeq: 0,
  lastListRefresh: 0,
  newPassportId: null,
  compare: { a: null, b: null, result: null, selected: null, seq: 0, curveSeq: 0 }, // the two-run view
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- DOM helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name === 'className' ? 'class' : name, String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function clear(node) {
  node.replaceChildren();
  return node;
}

// ---------------------------------------------------------------- formatting

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
const formatters = new Map();
function fixed(value, digits) {
  if (!formatters.has(digits)) {
    formatters.set(digits, new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
  }
  return formatters.get(digits).format(value);
}

function fmtMs(v) {
  if (!isNum(v)) return DASH;
  const a = Math.abs(v);
  return fixed(v, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}

function fmtRps(v) {
  if (!isNum(v)) return DASH;
  return fixed(v, Math.abs(v) >= 100 ? 0 : 1);
}

function fmtCount(v) {
  return isNum(v) ? fixed(v, 0) : DASH;
}

function fmtPercent(ratio, digits = 2) {
  return isNum(ratio) ? `${fixed(ratio * 100, digits)}%` : DASH;
}

function byteUnit(maxAbs) {
  if (maxAbs >= 2 * 1024 ** 3) return { div: 1024 ** 3, unit: 'GiB' };
  if (maxAbs >= 1024 ** 2) return { div: 1024 ** 2, unit: 'MiB' };
  if (maxAbs >= 1024) return { div: 1024, unit: 'KiB' };
  return { div: 1, unit: 'B' };
}

function fmtBytes(v, signed = false) {
  if (!isNum(v)) return DASH;
  const { div, unit } = byteUnit(Math.abs(v));
  const sign = signed && v > 0 ? '+' : '';
  return `${sign}${fixed(v / div, div === 1 ? 0 : 1)} ${unit}`;
}

function fmtChange(rel) {
  if (!isNum(rel)) return DASH;
  const sign = rel > 0 ? '+' : rel < 0 ? '\u2212' : '\u00b1';
  return `${sign}${fixed(Math.abs(rel) * 100, Math.abs(rel) >= 1 ? 0 : 1)}%`;
}

function fmtMetricValue(metric, v) {
  if (metric.endsWith('_ms') || metric === 'cpu_ms_per_request') return isNum(v) ? `${fmtMs(v)} ms` : DASH;
  if (metric.endsWith('_rps')) return isNum(v) ? `${fmtRps(v)} rps` : DASH;
  if (metric.endsWith('_bytes') || metric === 'alloc_bytes_per_request') return fmtBytes(v);
  if (metric === 'error_rate') return fmtPercent(v, 2);
  return isNum(v) ? String(v) : DASH;
}

function fmtTime(iso) {
  if (typeof iso !== 'string') return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** Date over time of day (UTC), e.g. "11-26" over "17:39". */
function timeLabel(x, y, anchor, iso) {
  const d = new Date(iso);
  const text = svg('text', { x, y, 'text-anchor': anchor, className: 'tick' });
  if (Number.isNaN(d.getTime())) return text;
  const stamp = d.toISOString();
  text.append(svg('tspan', { x, text: stamp.slice(5, 10) }), svg('tspan', { x, dy: 13, text: stamp.slice(11, 16) }));
  return text;
}

function fmtDuration(seconds) {
  if (!isNum(seconds)) return DASH;
  if (seconds < 60) return `${fixed(seconds, seconds < 10 ? 2 : 1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

function variantKey(r) {
  return `${r.endpoint}/${r.variant}`;
}

// ---------------------------------------------------------------- errors

const errors = new Map();

function describe(error) {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError && /fetch|network/i.test(error.message)) return 'the server cannot be reached';
  return error && error.message ? error.message : String(error);
}

function showError(source, what, error) {
  errors.set(source, `${what}: ${describe(error)}`);
  renderErrors();
}

function clearError(source) {
  if (errors.delete(source)) renderErrors();
}

function renderErrors() {
  const list = clear($('error-list'));
  for (const message of errors.values()) list.append(el('li', { text: message }));
  $('error-banner').hidden = errors.size === 0;
}

class ApiError extends Error {
  constructor(status, body, fallback) {
    const problem = body && typeof body === 'object' ? body : {};
    const parts = [`${status} ${problem.title || fallback || 'error'}`];
    if (problem.detail) parts.push(problem.detail);
    if (Array.isArray(problem.problems) && problem.problems.length) parts.push(problem.problems.join('; '));
    super(parts.join(': '));
    this.status = status;
    this.body = problem;
  }
}

// ---------------------------------------------------------------- API

function authHeaders() {
  const token = readToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

function readToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token is then asked for again next time
  }
}

/** Fetches a path relative to the page; answers {status, body}, throws ApiError unless ok or allowed. */
async function api(path, { method = 'GET', headers = {}, allow = [] } = {}) {
  const response = await fetch(path, {
    method,
    headers: { Accept: 'application/json, application/problem+json', ...headers },
    cache: 'no-store',
  });
  let body = null;
  const type = response.headers.get('Content-Type') || '';
  if (response.status !== 204 && type.includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (!response.ok && !allow.includes(response.status)) throw new ApiError(response.status, body, response.statusText);
  return { status: response.status, body };
}

// ---------------------------------------------------------------- passport helpers

function comparisonMetrics(r) {
  const metrics = r && r.comparison && Array.isArray(r.comparison.metrics) ? r.comparison.metrics : [];
  return metrics.filter((m) => m && typeof m === 'object');
}

function isRegression(r) {
  const status = r.comparison && r.comparison.status;
  return status === 'regression' || comparisonMetrics(r).some((m) => m.finding === 'regression');
}

function isFailure(r) {
  return r.verdict === 'fail';
}

function orderedResults(passport) {
  const results = Array.isArray(passport && passport.test_results) ? passport.test_results : [];
  const rank = (r) => (isRegression(r) ? 0 : isFailure(r) ? 1 : 2);
  return results
    .map((r, index) => ({ r, index }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.index - b.index)
    .map((x) => x.r);
}

function targetMemory(r) {
  const target = r.memory && r.memory.target;
  return target && typeof target === 'object' ? target : null;
}

function notMeasured(r, key) {
  return r.not_measured && typeof r.not_measured === 'object' ? r.not_measured[key] : undefined;
}

function regressionCount(summary) {
  if (!summary) return null;
  const perf = summary.performance_regressions;
  const mem = summary.memory_regressions;
  if (!isNum(perf) && !isNum(mem)) return null;
  return (isNum(perf) ? perf : 0) + (isNum(mem) ? mem : 0);
}

// ---------------------------------------------------------------- status of the latest run

function badge(text, kind) {
  return el('span', { className: `badge badge-${kind}`, text });
}

function renderStatus() {
  const section = clear($('status'));
  const p = state.latest;
  section.append(el('h2', { id: 'status-heading', text: 'Latest run' }));
  if (!p) {
    section.append(el('p', { className: 'muted', text: 'No passport yet. Press \u201cRun now\u201d to run the plan.' }));
    return;
  }
  const summary = p.summary || {};
  const guarantee = p.performance_guarantee || {};
  const verdict = guarantee.verdict || summary.verdict || null;
  const regressions = regressionCount(summary);
  const results = Array.isArray(p.test_results) ? p.test_results : [];
  const regressed = results.filter(isRegression);
  const failed = results.filter(isFailure);

  let headline;
  if (verdict === 'FAIL') headline = badge('FAIL', 'fail');
  else if (verdict === 'PASS' && (regressions > 0 || regressed.length > 0)) headline = badge('PASS with regressions', 'warn');
  else if (verdict === 'PASS') headline = badge('PASS', 'pass');
  else headline = badge(verdict || 'unknown', 'neutral');
  headline.setAttribute('data-testid', 'latest-verdict');

  const planName = p.plan && p.plan.name;
  const link = el('a', { href: `passports/${encodeURIComponent(p.id)}`, text: p.id || DASH });
  const facts = el('div', { className: 'facts' },
    headline,
    el('div', {},
      el('div', { className: 'fact-line' },
        el('strong', { text: planName || 'unknown plan' }), ' \u00b7 passport ', link,
        ' \u00b7 started ', el('time', { datetime: p.started_at || '', text: `${fmtTime(p.started_at)} UTC` }),
        ' \u00b7 ', fmtDuration(summary.duration_seconds),
        p.status && p.status !== 'complete' ? [' \u00b7 ', badge(p.status, 'warn')] : null),
      el('div', { className: 'fact-line muted' },
        `${fmtCount(summary.passed)} of ${fmtCount(summary.variants)} variants passed \u00b7 `,
        `${fmtCount(summary.total_requests)} requests \u00b7 ${fmtCount(summary.total_errors)} errors`,
        summary.baseline && summary.baseline.id
          ? [' \u00b7 baseline ', el('a', { href: `passports/${encodeURIComponent(summary.baseline.id)}`, text: summary.baseline.id }),
            summary.baseline.source ? ` (${summary.baseline.source})` : '']
          : ' \u00b7 no baseline'),
      guarantee.regression_note ? el('div', { className: 'fact-line muted', text: guarantee.regression_note }) : null));
  section.append(facts);

  const warnings = summary.baseline && Array.isArray(summary.baseline.warnings) ? summary.baseline.warnings : [];
  if (warnings.length) {
    section.append(el('ul', { className: 'findings warn-list' }, warnings.map((w) => el('li', { text: w }))));
  }
  if (regressed.length) {
    section.append(el('h3', { text: `Regressions (${regressed.length})` }),
      el('ul', { className: 'findings', 'data-testid': 'regression-list' }, regressed.map((r) => {
        const items = comparisonMetrics(r).filter((m) => m.finding === 'regression');
        return el('li', {},
          el('strong', { text: variantKey(r) }), ' \u2014 ',
          items.length
            ? items.map((m, i) => [i ? '; ' : '', el('span', { title: m.reason || '', text: describeFinding(m) })])
            : (r.comparison && r.comparison.reason) || 'regression');
      })));
  }
  if (failed.length) {
    section.append(el('h3', { text: `Failed variants (${failed.length})` }),
      el('ul', { className: 'findings', 'data-testid': 'failure-list' }, failed.map((r) =>
        el('li', {}, el('strong', { text: variantKey(r) }), ' \u2014 ', r.reason || 'failed'))));
  }
}

/**
 * A compared metric in one line. Throughput is compared as the geometric mean of each run's rounds
 * (the table shows the whole variant's), so it says so; percentiles are the whole histogram's.
 */
function describeFinding(m) {
  const label = (METRIC_LABELS[m.metric] || m.metric || 'metric') + (m.metric === 'throughput_rps' ? ' (geometric mean of rounds)' : '');
  if (isNum(m.relative_change)) {
    return `${label} ${fmtChange(m.relative_change)} (${fmtMetricValue(m.metric || '', m.baseline)} \u2192 ${fmtMetricValue(m.metric || '', m.current)})`;
  }
  return `${label} ${fmtMetricValue(m.metric || '', m.baseline)} \u2192 ${fmtMetricValue(m.metric || '', m.current)}`;
}

// ---------------------------------------------------------------- variant table

function numCell(text, title, column) {
  return el('td', { className: text === DASH ? 'num missing' : 'num', title: title || null, 'data-col': column || null, text });
}

function changeCell(r) {
  const cell = el('td', { className: 'change', 'data-col': 'change' });
  const c = r.comparison;
  if (!c || typeof c !== 'object') {
    cell.append(el('span', { className: 'muted', text: 'not compared' }));
    return cell;
  }
  const metrics = comparisonMetrics(r);
  const notable = metrics.filter((m) => m.finding === 'regression' || m.finding === 'improvement');
  if (notable.length) {
    for (const m of notable) {
      const kind = m.finding === 'regression' ? 'regression' : 'improvement';
      const label = METRIC_LABELS[m.metric] || m.metric;
      const value = isNum(m.relative_change) ? fmtChange(m.relative_change) : fmtMetricValue(m.metric || '', m.current);
      // the arrow says which way the figure moved, the colour whether that is worse or better
      const arrow = isNum(m.relative_change) ? (m.relative_change > 0 ? '\u25b2 ' : m.relative_change < 0 ? '\u25bc ' : '') : '';
      cell.append(el('span', { className: `chip chip-${kind}`, title: m.reason || kind, text: `${arrow}${label} ${value}` }));
    }
    return cell;
  }
  if (c.status === 'no-baseline') {
    cell.append(el('span', { className: 'muted', title: c.reason || '', text: 'no baseline' }));
  } else if (c.status === 'incomparable') {
    cell.append(el('span', { className: 'muted', title: c.reason || '', text: 'incomparable' }));
  } else if (c.status === 'regression') {
    cell.append(el('span', { className: 'chip chip-regression', title: c.reason || '', text: '\u25b2 regression' }));
  } else {
    // one line per metric: its finding and why
    const title = metrics.map((m) => `${METRIC_LABELS[m.metric] || m.metric}: ${m.finding || '?'}${m.reason ? ` \u2014 ${m.reason}` : ''}`).join('\n');
    const environment = metrics.find((m) => (m.reason || '').startsWith('environment:'));
    const judged = metrics.filter((m) => m.finding === 'unchanged');
    if (environment) {
      cell.append(el('span', { className: 'chip chip-inconclusive', title: title || environment.reason,
        'data-testid': 'inconclusive-environment', text: '? inconclusive: environment' }));
    } else {
      const p50 = metrics.find((m) => m.metric === 'p50_ms');
      const text = judged.length === 0 ? 'inconclusive'
        : p50 && isNum(p50.relative_change) ? `unchanged (p50 ${fmtChange(p50.relative_change)})` : 'unchanged';
      cell.append(el('span', { className: 'muted', title: title || c.reason || '', text }));
    }
  }
  return cell;
}

function renderVariants() {
  const body = clear($('variant-rows'));
  const p = state.latest;
  if (!p) {
    body.append(el('tr', {}, el('td', { colspan: 11, className: 'empty', text: 'No passport yet.' })));
    return;
  }
  const results = orderedResults(p);
  if (!results.length) {
    body.append(el('tr', {}, el('td', { colspan: 11, className: 'empty', text: 'This passport has no variants.' })));
    return;
  }
  for (const r of results) {
    const key = variantKey(r);
    const latency = r.latency_ms && typeof r.latency_ms === 'object' ? r.latency_ms : null;
    const latencyWhy = notMeasured(r, 'latency_ms');
    const target = targetMemory(r);
    const memoryWhy = notMeasured(r, 'memory.target') || (target ? null : 'target memory not measured');
    const regression = isRegression(r);
    const failure = isFailure(r);
    const row = el('tr', {
      className: regression ? 'row-regression' : failure ? 'row-fail' : null,
      'data-testid': 'variant-row',
      'data-variant': key,
    });
    const nameCell = el('th', { scope: 'row', className: 'variant-name' },
      el('button', { type: 'button', className: 'link-button', title: 'Show the charts of this variant', text: key }));
    nameCell.firstChild.addEventListener('click', () => selectVariant(key, true));
    if (failure && r.reason) nameCell.append(el('div', { className: 'reason', text: r.reason }));
    const cause = failureCause(r);
    if ((failure && cause) || r.probe_saturated) {
      nameCell.append(el('div', { className: 'reason', 'data-testid': 'failure-cause', text: failure ? cause : SATURATED }));
    }
    const errorsText = isNum(r.failed)
      ? (r.failed > 0 && isNum(r.error_rate) ? `${fmtCount(r.failed)} (${fmtPercent(r.error_rate, r.error_rate >= 0.1 ? 1 : 2)})` : fmtCount(r.failed))
      : DASH;
    append(row, [
      nameCell,
      el('td', { 'data-col': 'family', text: r.family || DASH }),
      el('td', { 'data-col': 'verdict' }, r.verdict === 'pass' ? badge('pass', 'pass') : r.verdict === 'fail' ? badge('fail', 'fail') : badge(r.verdict || '?', 'neutral')),
      numCell(fmtCount(r.requests), null, 'requests'),
      numCell(fmtMs(latency ? latency.p50 : null), latency ? null : latencyWhy, 'p50'),
      numCell(fmtMs(latency ? latency.p99 : null), latency ? null : latencyWhy, 'p99'),
      numCell(fmtRps(r.throughput_rps), null, 'throughput'),
      numCell(errorsText, r.failed > 0 ? 'failed requests (error rate)' : null, 'errors'),
      numCell(fmtBytes(target ? target.peak_bytes : null), target && isNum(target.peak_bytes) ? null : memoryWhy, 'memory-peak'),
      numCell(fmtBytes(target ? target.delta_bytes : null, true), target && isNum(target.delta_bytes) ? null : memoryWhy, 'memory-delta'),
      changeCell(r),
    ]);
    body.append(row);
  }
  highlightSelectedRow();
}

function highlightSelectedRow() {
  for (const row of $('variant-rows').querySelectorAll('tr[data-variant]')) {
    row.classList.toggle('selected', row.dataset.variant === state.selected);
  }
}

// ---------------------------------------------------------------- variant selection

function renderSelect() {
  const select = clear($('variant-select'));
  const results = state.latest ? orderedResults(state.latest) : [];
  const keys = results.map(variantKey);
  if (!state.userSelected || !keys.includes(state.selected)) {
    state.selected = keys.length ? keys[0] : null;
    state.userSelected = false;
  }
  for (const key of keys) select.append(el('option', { value: key, text: key }));
  select.disabled = keys.length === 0;
  if (state.selected) select.value = state.selected;
  highlightSelectedRow();
}

function selectedResult() {
  if (!state.latest || !state.selected) return null;
  return (state.latest.test_results || []).find((r) => variantKey(r) === state.selected) || null;
}

function selectVariant(key, scroll) {
  state.selected = key;
  state.userSelected = true;
  $('variant-select').value = key;
  highlightSelectedRow();
  loadCharts().catch((e) => showError('charts', 'Could not draw the charts', e));
  if (scroll) $('trends-heading').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

// ---------------------------------------------------------------- charts

/** Round numbers for an axis from lo to hi, about count of them. */
function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) hi = lo + 1;
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * magnitude;
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** An axis label with as many decimals as the step needs; thousands as "k" on an axis that reaches 10,000. */
function tickLabel(v, step, top) {
  const kilo = top >= 10000 && step >= 100;
  const unitStep = kilo ? step / 1000 : step;
  const decimals = String(Number(unitStep.toPrecision(6))).split('.')[1];
  const digits = Math.min(4, decimals ? decimals.length : 0);
  if (kilo) return v === 0 ? '0' : `${fixed(v / 1000, digits)}k`;
  return fixed(v, digits);
}

const CHART = { width: 440, height: 230, left: 54, right: 14, top: 14, bottom: 40 };

function chartFrame(width, height, label) {
  return svg('svg', {
    viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label,
    preserveAspectRatio: 'xMidYMid meet', className: 'plot',
  });
}

function noData(container, width, height, message, label) {
  const root = chartFrame(width, height, `${label}: ${message}`);
  root.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', className: 'no-data', text: message }));
  clear(container).append(root);
}

/** Draws y axis with grid lines; answers the y scale. */
function drawYAxis(root, ticks, frame, format, unitLabel) {
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];
  const y = (v) => frame.top + (1 - (v - lo) / (hi - lo)) * (frame.height - frame.top - frame.bottom);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  for (const t of ticks) {
    root.append(
      svg('line', { x1: frame.left, x2: frame.width - frame.right, y1: y(t), y2: y(t), className: t === lo ? 'axis' : 'grid' }),
      svg('text', { x: frame.left - 6, y: y(t) + 4, 'text-anchor': 'end', className: 'tick', text: format(t, step, hi) }));
  }
  if (unitLabel) {
    root.append(svg('text', { x: 12, y: frame.top + (frame.height - frame.top - frame.bottom) / 2, className: 'axis-label',
      'text-anchor': 'middle', transform: `rotate(-90 12 ${frame.top + (frame.height - frame.top - frame.bottom) / 2})`, text: unitLabel }));
  }
  return y;
}

function unitScale(unit, values) {
  if (unit === 'bytes') {
    const { div, unit: u } = byteUnit(Math.max(...values.map(Math.abs)));
    return { div, label: u, format: (v) => fmtBytes(v) };
  }
  if (unit === 'ratio') return { div: 0.01, label: '%', format: (v) => fmtPercent(v, 2) };
  if (unit === 'rps') return { div: 1, label: 'rps', format: (v) => `${fmtRps(v)} rps` };
  if (unit === 'ms') return { div: 1, label: 'ms', format: (v) => `${fmtMs(v)} ms` };
  return { div: 1, label: unit || '', format: (v) => (isNum(v) ? String(v) : DASH) };
}

/** A trend line: one point per run, oldest left; null values leave a gap. */
function drawTrend(container, series, unit, label) {
  const frame = CHART;
  const points = series && Array.isArray(series.points) ? series.points : [];
  const measured = points.filter((pt) => isNum(pt.value));
  if (!measured.length) {
    noData(container, frame.width, frame.height, points.length ? 'not measured in these runs' : 'no runs yet', label);
    return;
  }
  const scale = unitScale(unit, measured.map((pt) => pt.value));
  const values = measured.map((pt) => pt.value / scale.div);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(...values) * 1.05 || 1);
  const root = chartFrame(frame.width, frame.height,
    `${label} over the last ${points.length} runs, latest ${scale.format(measured[measured.length - 1].value)}`);
  const y = drawYAxis(root, ticks, frame, tickLabel, scale.label);
  const plotWidth = frame.width - frame.left - frame.right;
  const x = (i) => frame.left + (points.length === 1 ? plotWidth / 2 : (i / (points.length - 1)) * plotWidth);

  const labels = Math.min(points.length, 5);
  const used = new Set();
  for (let k = 0; k < labels; k++) {
    const i = labels === 1 ? 0 : Math.round((k * (points.length - 1)) / (labels - 1));
    if (used.has(i)) continue;
    used.add(i);
    const anchor = points.length > 1 && i === 0 ? 'start' : points.length > 1 && i === points.length - 1 ? 'end' : 'middle';
    root.append(
      svg('line', { x1: x(i), x2: x(i), y1: frame.height - frame.bottom, y2: frame.height - frame.bottom + 4, className: 'axis' }),
      timeLabel(x(i), frame.height - frame.bottom + 15, anchor, points[i].time));
  }

  // one polyline per stretch of measured points
  let segment = [];
  const flush = () => {
    if (segment.length > 1) root.append(svg('polyline', { className: 'line', points: segment.join(' ') }));
    segment = [];
  };
  points.forEach((pt, i) => {
    if (isNum(pt.value)) segment.push(`${x(i).toFixed(1)},${y(pt.value / scale.div).toFixed(1)}`);
    else flush();
  });
  flush();

  // where the level shifted: a dashed line before the first run of the new level
  for (const c of (series && Array.isArray(series.change_points) ? series.change_points : [])) {
    const i = points.findIndex((pt) => pt.passport_id === c.passport_id);
    if (i < 0) continue;
    const at = i > 0 ? (x(i - 1) + x(i)) / 2 : x(i);
    root.append(svg('line', {
      x1: at.toFixed(1), x2: at.toFixed(1), y1: frame.top, y2: frame.height - frame.bottom,
      className: 'change-point', 'data-testid': 'change-point',
    }, svg('title', { text: `change point: ${scale.format(c.before)} \u2192 ${scale.format(c.after)} (${fmtChange(c.relative_change)}, p=${c.p_value.toPrecision(2)}) from passport ${c.passport_id}` })));
  }

  points.forEach((pt, i) => {
    if (!isNum(pt.value)) return;
    const kind = pt.regression ? 'regression' : pt.verdict === 'fail' ? 'fail' : 'ok';
    const title = `${fmtTime(pt.time)} UTC: ${scale.format(pt.value)}\npassport ${pt.passport_id || DASH}, variant ${pt.verdict || DASH}`
      + (pt.regression ? '\nREGRESSION: this run found a regression in this variant' : '');
    root.append(svg('circle', {
      cx: x(i).toFixed(1), cy: y(pt.value / scale.div).toFixed(1), r: kind === 'regression' ? 5 : 3.5,
      className: `point point-${kind}`, 'data-passport': pt.passport_id || null,
    }, svg('title', { text: title })));
  });
  clear(container).append(root);
}

/**
 * Series of one run, second by second (the passport's timeline): x is the time since the start of
 * the measured phase, each interval's figure at its middle; {@code lines} are [{ values,
 * className, name }], a null value leaving a gap.
 */
function drawOverTime(container, timeline, lines, unit, label, stages = []) {
  const frame = CHART;
  const offsets = Array.isArray(timeline && timeline.offset_seconds) ? timeline.offset_seconds : [];
  const lengths = Array.isArray(timeline && timeline.seconds) ? timeline.seconds : [];
  const ends = offsets.map((o, i) => o + (isNum(lengths[i]) ? lengths[i] : 0));
  const middles = offsets.map((o, i) => o + (isNum(lengths[i]) ? lengths[i] / 2 : 0));
  const values = lines.flatMap((l) => l.values.filter(isNum));
  if (!ends.length || !values.length) {
    noData(container, frame.width, frame.height, timeline ? 'nothing measured second by second' : 'no per-second series in this passport', label);
    return;
  }
  const scale = unitScale(unit, values);
  const ticks = niceTicks(0, Math.max(...values.map((v) => v / scale.div)) * 1.05 || 1);
  const root = chartFrame(frame.width, frame.height, `${label}, second by second`);
  const y = drawYAxis(root, ticks, frame, tickLabel, scale.label);
  const plotWidth = frame.width - frame.left - frame.right;
  const span = Math.max(...ends) || 1;
  const x = (t) => frame.left + (t / span) * plotWidth;
  // a staged load's stages: the unmeasured ones shaded, each boundary marked
  let stageStart = 0;
  stages.forEach((stage, k) => {
    const end = stageStart + (isNum(stage.duration_seconds) ? stage.duration_seconds : 0);
    if (!stage.measure) {
      root.append(svg('rect', {
        x: x(Math.min(stageStart, span)).toFixed(1), y: frame.top, height: frame.height - frame.top - frame.bottom,
        width: Math.max(0, x(Math.min(end, span)) - x(Math.min(stageStart, span))).toFixed(1),
        className: 'stage-band', 'data-stage': k,
      }, svg('title', { text: `stage ${k + 1}: to ${stage.target}, not measured` })));
    }
    if (k > 0 && stageStart <= span) {
      root.append(svg('line', { x1: x(stageStart), x2: x(stageStart), y1: frame.top, y2: frame.height - frame.bottom, className: 'grid', 'data-stage-start': k }));
    }
    stageStart = end;
  });
  const timeTicks = niceTicks(0, span, 5);
  const digits = timeTicks.length > 1 && timeTicks[1] - timeTicks[0] < 1 ? 1 : 0;
  for (const t of timeTicks) {
    if (t > span) continue;
    root.append(
      svg('line', { x1: x(t), x2: x(t), y1: frame.height - frame.bottom, y2: frame.height - frame.bottom + 4, className: 'axis' }),
      svg('text', { x: x(t), y: frame.height - frame.bottom + 16, 'text-anchor': 'middle', className: 'tick', text: `${fixed(t, digits)} s` }));
  }
  for (const line of lines) {
    let segment = [];
    const flush = () => {
      if (segment.length > 1) {
        root.append(svg('polyline', { className: `line ${line.className || ''}`.trim(), 'data-series': line.name, points: segment.join(' ') }));
      } else if (segment.length === 1) {
        const [cx, cy] = segment[0].split(',');
        root.append(svg('circle', { cx, cy, r: 2.5, className: 'point point-ok', 'data-series': line.name }));
      }
      segment = [];
    };
    line.values.forEach((v, i) => {
      if (isNum(v) && isNum(middles[i])) segment.push(`${x(middles[i]).toFixed(1)},${y(v / scale.div).toFixed(1)}`);
      else flush();
    });
    flush();
  }
  clear(container).append(root);
}

/**
 * A capacity search: each step's p99 against its rate, held steps green and broken ones red, the
 * capacity (the highest rate that held) marked.
 */
function drawCapacity(container, capacity, label) {
  const frame = CHART;
  const steps = capacity && Array.isArray(capacity.steps) ? capacity.steps.filter((st) => isNum(st.rate_rps)) : [];
  if (!steps.length) {
    noData(container, frame.width, frame.height, 'not a capacity search', label);
    return;
  }
  const p99s = steps.map((st) => st.p99_ms).filter(isNum);
  const ticks = niceTicks(0, (p99s.length ? Math.max(...p99s) : 1) * 1.05 || 1);
  const root = chartFrame(frame.width, frame.height, `${label}: p99 by rate`);
  const y = drawYAxis(root, ticks, frame, tickLabel, 'ms');
  const plotWidth = frame.width - frame.left - frame.right;
  const top = Math.max(...steps.map((st) => st.rate_rps), isNum(capacity.to_rps) ? capacity.to_rps : 0) || 1;
  const x = (rate) => frame.left + (rate / top) * plotWidth;
  for (const t of niceTicks(0, top, 5)) {
    if (t > top) continue;
    root.append(
      svg('line', { x1: x(t), x2: x(t), y1: frame.height - frame.bottom, y2: frame.height - frame.bottom + 4, className: 'axis' }),
      svg('text', { x: x(t), y: frame.height - frame.bottom + 16, 'text-anchor': 'middle', className: 'tick', text: `${fixed(t, 0)}/s` }));
  }
  const sorted = steps.filter((st) => isNum(st.p99_ms)).sort((a, b) => a.rate_rps - b.rate_rps);
  if (sorted.length > 1) {
    root.append(svg('polyline', { className: 'line line-p99', 'data-series': 'p99 by rate',
      points: sorted.map((st) => `${x(st.rate_rps).toFixed(1)},${y(st.p99_ms).toFixed(1)}`).join(' ') }));
  }
  if (isNum(capacity.knee_rps)) {
    root.append(svg('line', { x1: x(capacity.knee_rps), x2: x(capacity.knee_rps), y1: frame.top, y2: frame.height - frame.bottom,
      className: 'change-point', 'data-testid': 'capacity-knee' }, svg('title', { text: `capacity ${fmtRps(capacity.knee_rps)}/s (${capacity.status})` })));
  }
  for (const st of steps) {
    if (isNum(st.errors) && st.errors > 0) {
      // errors are part of why a step broke: said beside it
      root.append(svg('text', { x: x(st.rate_rps).toFixed(1), y: (y(isNum(st.p99_ms) ? st.p99_ms : ticks[ticks.length - 1]) - 8).toFixed(1),
        'text-anchor': 'middle', className: 'tick error-label', 'data-testid': 'capacity-errors',
        text: `${fmtPercent(st.requests ? st.errors / st.requests : 1, 1)} err` }));
    }
    root.append(svg('circle', {
      cx: x(st.rate_rps).toFixed(1), cy: y(isNum(st.p99_ms) ? st.p99_ms : ticks[ticks.length - 1]).toFixed(1), r: 4,
      className: `point ${st.holds ? 'point-ok' : 'point-regression'}`, 'data-testid': 'capacity-step',
    }, svg('title', { text: `${fmtRps(st.rate_rps)}/s: p99 ${fmtMs(st.p99_ms)} ms, ${fmtCount(st.errors)} errors of ${fmtCount(st.requests)}; ${st.reason}` })));
  }
  clear(container).append(root);
}

function loadOverTime(r) {
  const t = r && r.timeline && typeof r.timeline === 'object' ? r.timeline : null;
  const list = (key) => (t && Array.isArray(t[key]) ? t[key] : []);
  $('over-time-scope').textContent = r
    ? `${variantKey(r)}: ${t ? `${list('offset_seconds').length} intervals of ${fmtDuration(t.interval_seconds)}` : 'no per-second series'}`
      + (t && t.latency_log ? ' \u00b7 ' : '')
    : '';
  if (t && t.latency_log && state.latest) {
    $('over-time-scope').append(el('a', {
      href: `passports/${encodeURIComponent(state.latest.id)}/latency-log`,
      text: 'latency interval log (HdrHistogram)', title: `tag ${t.latency_log.tag}; values in microseconds` }));
  }
  const body = (id) => $(id).querySelector('.chart-body');
  const stages = r && r.load && Array.isArray(r.load.stages) ? r.load.stages : [];
  drawOverTime(body('chart-second-throughput'), t, [{ values: list('throughput_rps'), name: 'throughput' }], 'rps', 'throughput', stages);
  drawOverTime(body('chart-second-latency'), t,
    [{ values: list('p50_ms'), name: 'p50' }, { values: list('p99_ms'), className: 'line-p99', name: 'p99' }], 'ms', 'latency', stages);
  const capacity = r && r.capacity && typeof r.capacity === 'object' ? r.capacity : null;
  $('chart-capacity').hidden = !capacity;
  if (capacity) {
    drawCapacity(body('chart-capacity'), capacity, variantKey(r));
    $('capacity-summary').textContent = `${capacity.status}${isNum(capacity.knee_rps) ? `, ${fmtRps(capacity.knee_rps)}/s` : ''}`;
  }
  drawOverTime(body('chart-second-errors'), t,
    [{ values: list('errors'), className: 'line-errors', name: 'errors' }, { values: list('in_flight'), className: 'line-in-flight', name: 'in flight' }],
    '', 'errors and requests in flight', stages);
}

const NINES = ['0', '90', '99', '99.9', '99.99', '99.999'];

const SATURATED = "probe saturated: figures are the probe's limit, not the target's";

/**
 * What a failing row's threshold reasons leave out, as the CLI's table says it: the most frequent
 * error kind with a sample, the statuses when any differs from the expected one, saturation.
 */
function failureCause(r) {
  const parts = [];
  const errors = Object.entries(r.errors || {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (errors.length) {
    const [kind, n] = errors[0];
    const sample = (r.error_samples || {})[kind];
    parts.push(`top error ${kind} x${n}${sample ? `: ${String(sample).slice(0, 120)}` : ''}`);
  }
  const statuses = Object.entries(r.status_counts || {});
  if (statuses.some(([status]) => status !== String(r.expected_status))) {
    const shown = statuses.sort((a, b) => b[1] - a[1]).slice(0, 4).map(([status, n]) => `${status} x${n}`);
    parts.push(`statuses ${shown.join(', ')}${statuses.length > 4 ? ', ...' : ''} (expected ${r.expected_status})`);
  }
  if (r.probe_saturated) parts.push(SATURATED);
  return parts.join('; ');
}

/**
 * Latency against percentile, x = -log10(1 - p/100): each step right is one more nine. The axis
 * stops where the sample does: n requests show percentiles up to 1 - 1/n, log10(n) nines (each
 * curve of an overlay stops at its own). The marked points and the caption are the passport's own
 * figures (the histogram's values, as the table shows them), never interpolated between curve
 * points. {@code curves}: [{ data, className, testid }], the first one's figures marked.
 */
function drawPercentiles(container, curves, label, stats) {
  const frame = { width: 640, height: 280, left: 58, right: 18, top: 14, bottom: 42 };
  const nines = (p) => (p >= 100 ? Infinity : -Math.log10(1 - p / 100));
  const capOf = (data) => Math.min(5, Math.max(1, Math.log10(Math.max(isNum(data && data.count) ? data.count : 0, 10))));
  const drawn = curves.map((c) => {
    const own = capOf(c.data);
    const points = (c.data && Array.isArray(c.data.points) ? c.data.points : [])
      .filter((pt) => isNum(pt.percentile) && isNum(pt.value) && nines(pt.percentile) <= own + 1e-9)
      .sort((a, b) => a.percentile - b.percentile);
    return { ...c, points };
  });
  if (!drawn[0] || !drawn[0].points.length) {
    noData(container, frame.width, frame.height, 'no successful request in this variant', label);
    return null;
  }
  const first = drawn[0];
  const count = isNum(first.data.count) ? first.data.count : 0;
  const cap = Math.max(...drawn.filter((c) => c.points.length).map((c) => capOf(c.data)));
  const values = drawn.flatMap((c) => c.points.map((pt) => pt.value));
  const ticks = niceTicks(0, Math.max(...values) * 1.05 || 1);
  const root = chartFrame(frame.width, frame.height, `${label}: latency by percentile`);
  const y = drawYAxis(root, ticks, frame, tickLabel, first.data.unit || 'ms');
  const plotWidth = frame.width - frame.left - frame.right;
  const x = (n) => frame.left + (Math.min(n, cap) / cap) * plotWidth;
  for (let n = 0; n <= Math.floor(cap + 1e-9); n++) {
    root.append(
      svg('line', { x1: x(n), x2: x(n), y1: frame.top, y2: frame.height - frame.bottom, className: n ? 'grid' : 'axis' }),
      svg('text', { x: x(n), y: frame.height - frame.bottom + 16, 'text-anchor': 'middle', className: 'tick', text: NINES[n] }));
  }
  root.append(svg('text', { x: frame.left + plotWidth / 2, y: frame.height - 6, 'text-anchor': 'middle', className: 'axis-label', text: 'percentile' }));
  for (const c of drawn.slice().reverse()) {
    if (!c.points.length) continue;
    root.append(svg('polyline', {
      className: `line curve ${c.className || ''}`.trim(), 'data-testid': c.testid || 'percentile-line',
      points: c.points.map((pt) => `${x(nines(pt.percentile)).toFixed(1)},${y(pt.value).toFixed(1)}`).join(' '),
    }));
  }
  const own = stats ? [[50, stats.p50], [90, stats.p90], [99, stats.p99], [99.9, stats.p99_9], [99.99, stats.p99_99]] : [];
  const shown = own.filter(([p, v]) => isNum(v) && nines(p) <= capOf(first.data) + 1e-9);
  for (const [p, v] of shown) {
    root.append(svg('circle', { cx: x(nines(p)).toFixed(1), cy: y(v).toFixed(1), r: 3.5, className: 'point point-ok' },
      svg('title', { text: `p${p}: ${fmtMs(v)} ms` })));
  }
  clear(container).append(root);
  const max = stats && isNum(stats.max) ? stats.max : first.points[first.points.length - 1].value;
  return shown.map(([p, v]) => `p${p} ${fmtMs(v)} ms`).concat(`max ${fmtMs(max)} ms`).join(' \u00b7 ')
    + (count ? ` \u00b7 ${fmtCount(count)} requests` : '');
}

async function loadCharts() {
  const seq = ++state.chartSeq;
  const p = state.latest;
  const r = selectedResult();
  const bodies = TRENDS.map((t) => $(t.chart).querySelector('.chart-body'));
  const percentileBody = $('chart-percentiles').querySelector('.chart-body');
  if (!p || !r) {
    bodies.forEach((b, i) => noData(b, CHART.width, CHART.height, 'no runs yet', TRENDS[i].label));
    noData(percentileBody, 640, 280, 'no passport yet', 'latency by percentile');
    loadOverTime(null);
    $('percentile-summary').textContent = '';
    $('trend-scope').textContent = '';
    $('percentile-scope').textContent = '';
    return;
  }
  loadOverTime(r);
  const plan = p.plan && p.plan.name;
  const query = (metric) => `trends?${new URLSearchParams({ plan: plan || '', metric, limit: String(TREND_RUNS), endpoint: r.endpoint, variant: r.variant })}`;
  $('trend-scope').textContent = `last ${TREND_RUNS} runs of plan ${plan || DASH}; times in UTC`;
  $('percentile-scope').textContent = `${variantKey(r)} in ${p.id}`;

  const trendJobs = TRENDS.map(async (t, i) => {
    const { body } = await api(query(t.metric));
    if (seq !== state.chartSeq) return;
    const series = body && Array.isArray(body.series)
      ? body.series.find((s) => s.endpoint === r.endpoint && s.variant === r.variant) || null
      : null;
    drawTrend(bodies[i], series, body && body.unit, `${t.label} of ${variantKey(r)}`);
  });
  const percentileJob = (async () => {
    const path = `passports/${encodeURIComponent(p.id)}/percentiles?${new URLSearchParams({ endpoint: r.endpoint, variant: r.variant })}`;
    // 404: no such variant; 422: its histogram is missing or damaged. Either way there is no curve.
    const { status, body } = await api(path, { allow: [404, 422] });
    if (seq !== state.chartSeq) return;
    if (status >= 200 && status < 300) {
      $('percentile-summary').textContent = drawPercentiles(percentileBody, [{ data: body }], variantKey(r), r.latency_ms)
        || notMeasured(r, 'latency_ms') || '';
    } else {
      noData(percentileBody, 640, 280, 'no latency histogram', variantKey(r));
      $('percentile-summary').textContent = body && body.detail ? String(body.detail) : '';
    }
  })();

  const outcomes = await Promise.allSettled([...trendJobs, percentileJob]);
  if (seq !== state.chartSeq) return;
  const failed = outcomes.filter((o) => o.status === 'rejected');
  if (failed.length) {
    outcomes.forEach((o, i) => {
      if (o.status !== 'rejected') return;
      const body = i < bodies.length ? bodies[i] : percentileBody;
      noData(body, body === percentileBody ? 640 : CHART.width, body === percentileBody ? 280 : CHART.height, 'could not be loaded', 'chart');
    });
    showError('charts', 'Could not load the charts', failed[0].reason);
  } else {
    clearError('charts');
  }
}

// ---------------------------------------------------------------- passport list

function renderPassports() {
  const body = clear($('passport-rows'));
  const items = state.passports;
  $('passport-count').textContent = items.length ? `${items.length} newest` : '';
  if (!items.length) {
    body.append(el('tr', {}, el('td', { colspan: 6, className: 'empty', text: 'No passports yet.' })));
    return;
  }
  for (const item of items) {
    const id = typeof item.id === 'string' ? item.id : '';
    const link = el('a', { href: `passports/${encodeURIComponent(id)}`, text: id || DASH, title: 'The passport as JSON' });
    const classes = [];
    if (state.latest && id === state.latest.id) classes.push('current');
    if (state.newPassportId && id === state.newPassportId) classes.push('fresh');
    const row = el('tr', { 'data-testid': 'passport-row', 'data-passport': id, className: classes.join(' ') || null });
    if (item.damaged) {
      row.classList.add('damaged');
      append(row, [
        el('th', { scope: 'row' }, link),
        el('td', { colspan: 5 }, badge('damaged', 'fail'), ' ', el('span', { className: 'reason', text: String(item.damaged) })),
      ]);
    } else {
      const regressions = isNum(item.regressions)
        ? item.regressions
        : item.regressions && typeof item.regressions === 'object'
          ? regressionCount({ performance_regressions: item.regressions.performance, memory_regressions: item.regressions.memory })
          : null;
      const verdict = item.verdict === 'PASS' ? badge('PASS', 'pass') : item.verdict === 'FAIL' ? badge('FAIL', 'fail') : badge(item.verdict || DASH, 'neutral');
      append(row, [
        el('th', { scope: 'row' }, link),
        el('td', { text: item.plan || DASH }),
        el('td', {}, el('time', { datetime: item.started_at || '', text: fmtTime(item.started_at) })),
        el('td', {}, verdict, item.status && item.status !== 'complete' ? [' ', badge(item.status, 'warn')] : null),
        numCell(isNum(item.failed) && isNum(item.variants) ? `${item.failed}/${item.variants}` : fmtCount(item.failed)),
        numCell(fmtCount(regressions)),
      ]);
      if (regressions > 0) row.lastChild.classList.add('bad');
      if (item.failed > 0) row.children[4].classList.add('bad');
    }
    body.append(row);
  }
}

// ---------------------------------------------------------------- compare two runs

const COMPARED_COLUMNS = [
  ['p50_ms', 'p50'], ['p99_ms', 'p99'], ['throughput_rps', 'throughput'], ['error_rate', 'errors'],
  ['memory_peak_bytes', 'memory-peak'], ['cpu_ms_per_request', 'cpu'],
];

function comparablePassports() {
  return state.passports.filter((i) => typeof i.id === 'string' && !i.damaged && (!i.status || i.status === 'complete'));
}

/**
 * The two pickers: every complete passport listed; by default the newest run against the one
 * before it of the same plan, and a choice the user made is kept across reloads.
 */
function renderCompareChoices() {
  const items = comparablePassports();
  const ids = items.map((i) => i.id);
  const planOf = (id) => (items.find((i) => i.id === id) || {}).plan;
  const a = ids.includes(state.compare.a) ? state.compare.a : ids[0];
  const b = ids.includes(state.compare.b) && state.compare.b !== a
    ? state.compare.b
    : ids.find((id) => id !== a && planOf(id) === planOf(a)) || ids.find((id) => id !== a);
  for (const [select, chosen] of [[$('compare-a'), a], [$('compare-b'), b]]) {
    clear(select);
    for (const i of items) {
      select.append(el('option', { value: i.id, text: `${i.id} \u00b7 ${i.plan || DASH} \u00b7 ${i.verdict || DASH}` }));
    }
    if (chosen) select.value = chosen;
  }
  $('compare-form').querySelector('button').disabled = items.length < 2;
  if (items.length < 2 && !state.compare.result) {
    $('compare-summary').textContent = 'Two stored runs are needed to compare.';
  }
}

/** The run-level counts as the CLI's compare says them (ComparisonJudge.counts). */
function comparisonCounts(byVariant) {
  const counts = { performance: 0, memory: 0, better: 0, environment: 0, compared: 0 };
  for (const v of Object.values(byVariant)) {
    const metrics = Array.isArray(v.metrics) ? v.metrics : [];
    const has = (category, finding) => metrics.some((m) => m.category === category && m.finding === finding);
    if (has('performance', 'regression')) counts.performance++;
    if (has('memory', 'regression')) counts.memory++;
    if (metrics.some((m) => m.finding === 'improvement')) counts.better++;
    if (metrics.some((m) => String(m.reason || '').startsWith('environment:'))) counts.environment++;
    if (v.status === 'compared') counts.compared++;
  }
  return counts;
}

/** A compared figure in the unit its column heading names. */
function compactValue(metric, v) {
  if (metric.endsWith('_ms') || metric === 'cpu_ms_per_request') return fmtMs(v);
  if (metric.endsWith('_rps')) return fmtRps(v);
  if (metric.endsWith('_bytes') || metric === 'alloc_bytes_per_request') return fmtBytes(v);
  if (metric === 'error_rate') return fmtPercent(v, 2);
  return isNum(v) ? String(v) : DASH;
}

function comparedCell(metric, column) {
  if (!metric) return numCell(DASH, 'not compared', column);
  const cell = el('td', { className: 'num', 'data-col': column, title: metric.reason || null });
  cell.append(
    el('span', { className: 'then', text: `${compactValue(metric.metric, metric.baseline)} \u2192 ` }),
    el('span', { className: 'now', text: compactValue(metric.metric, metric.current) }));
  if (isNum(metric.relative_change)) cell.append(el('span', { className: 'small', text: ` (${fmtChange(metric.relative_change)})` }));
  if (metric.finding === 'regression') cell.classList.add('bad');
  if (metric.finding === 'improvement') cell.classList.add('better');
  return cell;
}

function renderComparison() {
  const rows = clear($('compare-rows'));
  const result = state.compare.result;
  if (!result) return;
  const byVariant = result.by_variant && typeof result.by_variant === 'object' ? result.by_variant : {};
  const c = comparisonCounts(byVariant);
  const regressions = c.performance + c.memory;
  const verdict = regressions ? badge('regression', 'fail')
    : c.environment ? badge('inconclusive: environment', 'warn')
      : c.compared ? badge('no regression', 'pass') : badge('no baseline', 'neutral');
  const summary = clear($('compare-summary'));
  append(summary, [verdict, ` ${state.compare.a} against ${state.compare.b}: ${c.performance} performance and ${c.memory} memory`
    + ` regressions, ${c.better} improved, ${c.compared} of ${Object.keys(byVariant).length} variants compared`
    + (isNum(result.false_alarm_rate) ? `, false-alarm rate ${fmtPercent(result.false_alarm_rate, 1)} per run` : '')]);
  for (const warning of Array.isArray(result.warnings) ? result.warnings : []) {
    summary.append(el('br'), el('span', { className: 'chip chip-inconclusive', text: `\u26a0 ${warning}` }));
  }
  const rank = (v) => (comparisonMetrics({ comparison: v }).some((m) => m.finding === 'regression') ? 0
    : comparisonMetrics({ comparison: v }).some((m) => m.finding === 'improvement') ? 1 : 2);
  const keys = Object.keys(byVariant).sort((x, y) => rank(byVariant[x]) - rank(byVariant[y]) || x.localeCompare(y));
  for (const key of keys) {
    const v = byVariant[key];
    const metrics = comparisonMetrics({ comparison: v });
    const byName = new Map(metrics.map((m) => [m.metric, m]));
    const name = el('button', { type: 'button', className: 'link-button', text: key, title: 'Both runs\u2019 latency by percentile' });
    name.addEventListener('click', () => selectComparedVariant(key));
    const row = el('tr', { 'data-testid': 'compare-row', 'data-variant': key, className: key === state.compare.selected ? 'selected' : null });
    append(row, [
      el('th', { scope: 'row', className: 'variant-name' }, name),
      changeCell({ comparison: v }),
      ...COMPARED_COLUMNS.map(([metric, column]) => comparedCell(byName.get(metric), column)),
    ]);
    rows.append(row);
  }
  if (!keys.length) {
    rows.append(el('tr', {}, el('td', { colspan: 2 + COMPARED_COLUMNS.length, className: 'empty', text: 'No variant in common.' })));
  }
}

async function loadComparison(a, b) {
  const seq = ++state.compare.seq;
  state.compare.a = a;
  state.compare.b = b;
  history.replaceState(null, '', `#compare=${encodeURIComponent(a)}/${encodeURIComponent(b)}`);
  $('compare-summary').textContent = `Comparing ${a} against ${b}\u2026`;
  const path = `passports/${encodeURIComponent(a)}/compare?${new URLSearchParams({ baseline: b })}`;
  const { status, body } = await api(path, { allow: [400, 404, 422] });
  if (seq !== state.compare.seq) return;
  if (status !== 200 || !body || typeof body !== 'object') {
    state.compare.result = null;
    clear($('compare-rows'));
    noData($('compare-percentiles').querySelector('.chart-body'), 640, 280, 'nothing compared', 'comparison');
    $('compare-summary').textContent = `Cannot compare: ${body && body.detail ? String(body.detail) : `HTTP ${status}`}`;
    return;
  }
  state.compare.result = body;
  const keys = Object.keys(body.by_variant || {});
  if (!keys.includes(state.compare.selected)) state.compare.selected = null;
  renderComparison();
  const first = $('compare-rows').querySelector('[data-testid=compare-row]');
  await selectComparedVariant(state.compare.selected || (first ? first.getAttribute('data-variant') : null));
}

/** Both runs' percentile curves of one variant in one plot: the run solid, its baseline dashed. */
async function selectComparedVariant(key) {
  const body = $('compare-percentiles').querySelector('.chart-body');
  state.compare.selected = key;
  for (const row of document.querySelectorAll('[data-testid=compare-row]')) {
    row.classList.toggle('selected', row.getAttribute('data-variant') === key);
  }
  if (!key) {
    noData(body, 640, 280, 'no variant to show', 'comparison');
    return;
  }
  const seq = ++state.compare.curveSeq;
  const slash = key.indexOf('/');
  const query = new URLSearchParams({ endpoint: key.slice(0, slash), variant: key.slice(slash + 1) });
  const fetchCurve = async (id) => {
    const { status, body: curve } = await api(`passports/${encodeURIComponent(id)}/percentiles?${query}`, { allow: [404, 422] });
    return status === 200 ? curve : null;
  };
  const [now, then] = await Promise.all([fetchCurve(state.compare.a), fetchCurve(state.compare.b)]);
  if (seq !== state.compare.curveSeq) return;
  const caption = clear($('compare-percentile-summary'));
  const text = drawPercentiles(body, [
    { data: now, testid: 'compare-line-run' },
    { data: then, className: 'curve-baseline', testid: 'compare-line-baseline' },
  ], key, null);
  append(caption, [
    `${key}: `, el('span', { className: 'legend-line' }), `${state.compare.a}${now && isNum(now.count) ? ` (${fmtCount(now.count)} requests)` : ''}`,
    el('span', { className: 'legend-line dashed' }), `${state.compare.b}${then && isNum(then.count) ? ` (${fmtCount(then.count)} requests)` : ''}`,
    text ? '' : ' \u2014 no histogram in the run',
  ]);
}

/** A link such as #compare=A/B opens the comparison of A against B. */
function compareFromHash() {
  const match = /^#compare=([^/]+)\/([^/]+)$/.exec(window.location.hash);
  if (!match) return null;
  return [decodeURIComponent(match[1]), decodeURIComponent(match[2])];
}

// ---------------------------------------------------------------- loading

async function loadPassports() {
  const { body } = await api(`passports?limit=50`);
  state.passports = body && Array.isArray(body.items) ? body.items.filter((i) => i && typeof i === 'object') : [];
  state.lastListRefresh = Date.now();
}

async function loadLatest() {
  // ask for the latest passport only when one exists, so an empty directory causes no 404
  const any = state.passports.some((i) => !i.damaged && (i.status === 'complete' || !i.status));
  if (!any) {
    state.latest = null;
    return;
  }
  const { status, body } = await api('passports/latest', { allow: [404] });
  state.latest = status === 404 || !body || typeof body !== 'object' ? null : body;
}

async function reloadAll() {
  try {
    await loadPassports();
    await loadLatest();
    clearError('load');
  } catch (e) {
    showError('load', 'Could not load the passports', e);
  }
  $('plan-name').textContent = state.latest && state.latest.plan && state.latest.plan.name ? `plan ${state.latest.plan.name}` : '';
  renderStatus();
  renderVariants();
  renderSelect();
  renderPassports();
  renderCompareChoices();
  try {
    await loadCharts();
  } catch (e) {
    showError('charts', 'Could not draw the charts', e);
  }
}

// ---------------------------------------------------------------- runs

function setRunning(running) {
  $('run-now').disabled = running;
  $('run-now').textContent = running ? 'Running\u2026' : 'Run now';
  $('run-now').setAttribute('aria-busy', running ? 'true' : 'false');
}

function showProgress(text, done, total) {
  $('run-progress').hidden = false;
  $('run-progress-text').textContent = text;
  const bar = $('run-progress-bar');
  if (isNum(total) && total > 0) {
    bar.max = total;
    bar.value = isNum(done) ? done : 0;
  } else {
    bar.removeAttribute('value');
  }
}

function renderRun(status) {
  const progress = status.progress && typeof status.progress === 'object' ? status.progress : {};
  const id = status.id || DASH;
  if (status.state === 'running') {
    const parts = [`Run ${id}: variant ${fmtCount(progress.variants_done)}/${fmtCount(progress.variants_total)}`];
    if (progress.current_variant) parts.push(String(progress.current_variant));
    parts.push(`${fmtCount(progress.requests_done)} requests`, `${fmtCount(progress.errors)} errors`);
    if (isNum(progress.live_rps)) parts.push(`${fmtRps(progress.live_rps)} rps`);
    showProgress(parts.join(' \u00b7 '), progress.variants_done, progress.variants_total);
  } else if (status.state === 'done') {
    showProgress(`Run ${id} finished: ${status.verdict || DASH}${status.passport_id ? ` \u00b7 passport ${status.passport_id}` : ''}`,
      1, 1);
  } else {
    showProgress(`Run ${id} ${status.state || 'ended'}${status.error ? `: ${status.error}` : ''}`, 0, 1);
  }
  $('run-progress').classList.toggle('failed', status.state === 'failed' || status.state === 'aborted');
}

async function onRunStatus(status) {
  if (!status || typeof status !== 'object') return;
  if (status.state === 'running') {
    state.runId = status.id || state.runId;
    setRunning(true);
    renderRun(status);
    return;
  }
  state.runId = null;
  renderRun(status);
  if (status.passport_id) state.newPassportId = status.passport_id;
  await reloadAll();
  setRunning(false);
}

async function poll() {
  try {
    if (state.runId) {
      const { status, body } = await api(`runs/${encodeURIComponent(state.runId)}`, { allow: [404] });
      if (status === 404) {
        // the server forgot the run (restarted): stop following it
        state.runId = null;
        setRunning(false);
        $('run-progress').hidden = true;
        await reloadAll();
      } else {
        await onRunStatus(body);
      }
    } else {
      const { status, body } = await api('runs/current', { allow: [204] });
      if (status === 200 && body && body.state === 'running') {
        await onRunStatus(body);
      } else {
        if (!state.starting) setRunning(false);
        if (Date.now() - state.lastListRefresh > LIST_REFRESH_MS) await refreshIfNew();
      }
    }
    clearError('poll');
  } catch (e) {
    showError('poll', 'Could not read the run status', e);
  } finally {
    schedulePoll(state.runId ? ACTIVE_POLL_MS : IDLE_POLL_MS);
  }
}

function schedulePoll(ms) {
  clearTimeout(state.pollTimer);
  state.pollTimer = setTimeout(poll, ms);
}

/** A run that started and ended between two polls (a scheduled one) still shows up. */
async function refreshIfNew() {
  const newest = state.passports.length ? state.passports[0].id : null;
  await loadPassports();
  if ((state.passports.length ? state.passports[0].id : null) !== newest) await reloadAll();
}

async function startRun() {
  if (state.starting || state.runId) return;
  state.starting = true;
  setRunning(true);
  showProgress('Starting a run\u2026', 0, 0);
  $('run-progress').classList.remove('failed');
  try {
    const { status, body } = await api('run', { method: 'POST', headers: authHeaders(), allow: [401, 409] });
    if (status === 401) {
      const hadToken = Boolean(readToken());
      writeToken(null);
      $('token-form').hidden = false;
      $('api-token').focus();
      setRunning(false);
      showProgress(hadToken ? 'The API token was rejected; enter it again.' : 'This server needs an API token to start a run.', 0, 1);
      return;
    }
    $('token-form').hidden = true;
    clearError('run');
    if (status === 409) {
      state.runId = body && body.running_id ? String(body.running_id) : null;
      showProgress(`A run is already in progress${state.runId ? ` (${state.runId})` : ''}; following it.`, 0, 0);
      schedulePoll(0);
      return;
    }
    await onRunStatus(body);
    schedulePoll(ACTIVE_POLL_MS);
  } catch (e) {
    setRunning(false);
    $('run-progress').hidden = true;
    showError('run', 'Could not start a run', e);
  } finally {
    state.starting = false;
  }
}

// ---------------------------------------------------------------- start

function init() {
  $('run-now').addEventListener('click', () => {
    startRun();
  });
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('api-token').value.trim();
    if (!token) return;
    writeToken(token);
    $('api-token').value = '';
    startRun();
  });
  $('variant-select').addEventListener('change', (event) => selectVariant(event.target.value, false));
  $('error-dismiss').addEventListener('click', () => {
    errors.clear();
    renderErrors();
  });
  // the last line of defence: nothing may end up as an uncaught error in the console
  window.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    showError('unexpected', 'Unexpected error', event.reason);
  });
  $('compare-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const a = $('compare-a').value;
    const b = $('compare-b').value;
    if (a && b) loadComparison(a, b).catch((e) => showError('compare', 'Could not compare the runs', e));
  });
  window.addEventListener('hashchange', () => {
    const pair = compareFromHash();
    const shown = [state.compare.a, state.compare.b];
    if (pair && (pair[0] !== shown[0] || pair[1] !== shown[1] || !state.compare.result)) {
      [state.compare.a, state.compare.b] = pair;
      renderCompareChoices();
      loadComparison(...pair).catch((e) => showError('compare', 'Could not compare the runs', e));
    }
  });
  // a link such as #variant=heartbeat/ramp opens with that variant chosen
  const chosen = /^#variant=(.+)$/.exec(window.location.hash);
  if (chosen) {
    state.selected = decodeURIComponent(chosen[1]);
    state.userSelected = true;
  }
  const linked = compareFromHash();
  if (linked) [state.compare.a, state.compare.b] = linked;
  reloadAll()
    .then(() => (linked ? loadComparison(...linked) : null))
    .catch((e) => showError('compare', 'Could not compare the runs', e))
    .finally(() => poll());
}

init();
