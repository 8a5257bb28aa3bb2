// The operations console page. Plain DOM, no framework. Every text that comes from a plugin
// (names, versions, errors, audit targets) is set with textContent or an SVG text node,
// never parsed as HTML. The token travels in an HttpOnly cookie set when the page was opened.

const SVG = 'http://www.w3.org/2000/svg';
const HISTORY = 60;
const POLL_MS = 1000;
const AUDIT_POLL_MS = 2000;

/** Metric snapshots of the last polls: { time, plugins: Map<name, metrics> }. */
const history = [];
let pluginsKey = '';
let graphKey = '';
let busy = false;

function $(id) {
  return document.getElementById(id);
}

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

function svg(tag, attrs, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (parent) parent.append(node);
  return node;
}

function svgText(parent, x, y, text, attrs = {}) {
  const node = svg('text', { x, y, ...attrs }, parent);
  node.textContent = text;
  return node;
}

function notice(text) {
  const box = $('notice');
  box.textContent = text ?? '';
  box.hidden = text === undefined;
}

async function api(path, init = {}) {
  const response = await fetch(path, {
    credentials: 'same-origin',
    cache: 'no-store',
    ...init,
    headers: { accept: 'application/json', ...init.headers },
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = body.error ?? { message: `HTTP ${response.status}`, hint: '' };
    throw Object.assign(new Error(error.message), error);
  }
  return body;
}

// ---- plugins ---------------------------------------------------------------------------

function actionsFor(plugin) {
  const running = plugin.state === 'active' || plugin.state === 'lazy';
  const cell = el('td', { className: 'actions' });
  for (const [action, label, enabled] of [
    ['enable', 'Enable', !running],
    ['disable', 'Disable', running],
    ['reload', 'Reload', plugin.state === 'active'],
  ]) {
    const button = el('button', { type: 'button', textContent: label, disabled: !enabled });
    button.dataset.action = action;
    button.dataset.plugin = plugin.name;
    button.setAttribute('aria-label', `${label} ${plugin.name}`);
    cell.append(button);
  }
  return cell;
}

function renderPlugins(plugins) {
  const key = JSON.stringify(
    plugins.map((p) => [p.name, p.version, p.state, p.isolation, p.permissions, p.error]),
  );
  if (key !== pluginsKey) {
    pluginsKey = key;
    const rows = plugins.map((p) => {
      const name = el('td', {}, el('strong', { textContent: p.name }), ` ${p.version}`);
      if (p.error) {
        name.append(
          el('div', { className: 'error', textContent: `${p.error.code}: ${p.error.message}` }),
        );
      }
      const permissions = el('ul');
      if (p.permissions.length === 0) permissions.append(el('li', { textContent: 'none' }));
      for (const grant of p.permissions) {
        permissions.append(
          el(
            'li',
            { title: grant.warning ? `${grant.summary}\n${grant.warning}` : grant.summary },
            el('span', { className: `risk risk-${grant.risk}`, textContent: grant.risk }),
            ` ${grant.permission}`,
          ),
        );
      }
      const row = el(
        'tr',
        {},
        name,
        el('td', {}, el('span', { className: `state state-${p.state}`, textContent: p.state })),
        el('td', { textContent: p.isolation }),
        el('td', {}, permissions),
        el('td', { className: 'calls' }),
        actionsFor(p),
      );
      row.dataset.plugin = p.name;
      return row;
    });
    $('plugins').tBodies[0].replaceChildren(...rows);
    for (const id of ['metrics-plugin', 'audit-plugin']) {
      const select = $(id);
      const chosen = select.value;
      const first = select.options[0];
      select.replaceChildren(
        first,
        ...plugins.map((p) => el('option', { value: p.name, textContent: p.name })),
      );
      select.value = plugins.some((p) => p.name === chosen) ? chosen : '';
    }
  }
  for (const row of $('plugins').tBodies[0].rows) {
    const p = plugins.find((x) => x.name === row.dataset.plugin);
    if (!p) continue;
    const m = p.metrics;
    row.querySelector('.calls').textContent = `${m.calls} (${m.errors} errors)`;
  }
}

async function act(button) {
  const { action, plugin } = button.dataset;
  busy = true;
  for (const b of document.querySelectorAll('button[data-action]')) b.disabled = true;
  try {
    await api(`api/plugins/${encodeURIComponent(plugin)}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    notice(undefined);
  } catch (error) {
    notice(`${action} ${plugin} failed: ${error.message}${error.hint ? `\n${error.hint}` : ''}`);
  } finally {
    busy = false;
    pluginsKey = '';
    await poll();
  }
}

// ---- dependency graph ------------------------------------------------------------------

const BOX = { w: 180, h: 40, gapX: 70, gapY: 16, pad: 12 };

function renderGraph(graph) {
  const key = JSON.stringify(graph);
  if (key === graphKey) return;
  graphKey = key;
  const known = new Set(graph.nodes.map((n) => n.name));
  const columns =
    graph.levels.length > 0 ? graph.levels.map((l) => [...l]) : [graph.nodes.map((n) => n.name)];
  const missing = [...new Set(graph.edges.map((e) => e.to).filter((to) => !known.has(to)))];
  if (missing.length > 0) columns.unshift(missing);
  const place = new Map();
  columns.forEach((column, x) => {
    column.forEach((name, y) => {
      place.set(name, { x: BOX.pad + x * (BOX.w + BOX.gapX), y: BOX.pad + y * (BOX.h + BOX.gapY) });
    });
  });
  const rows = Math.max(1, ...columns.map((c) => c.length));
  const width = BOX.pad * 2 + columns.length * BOX.w + (columns.length - 1) * BOX.gapX;
  const height = BOX.pad * 2 + rows * BOX.h + (rows - 1) * BOX.gapY + (graph.cycle ? 24 : 0);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
  root.setAttribute('aria-label', 'Dependency graph of the plugins');
  const marker = svg(
    'marker',
    {
      id: 'arrow',
      viewBox: '0 0 10 10',
      refX: 10,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto',
    },
    svg('defs', {}, root),
  );
  svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }, marker);
  for (const edge of graph.edges) {
    const from = place.get(edge.from);
    const to = place.get(edge.to);
    if (!from || !to) continue;
    // The requirer is activated after what it requires: arrows point left, to the requirement.
    const x1 = from.x;
    const y1 = from.y + BOX.h / 2;
    const x2 = to.x + BOX.w;
    const y2 = to.y + BOX.h / 2;
    const bend = Math.max(30, Math.abs(x1 - x2) / 2);
    const line = svg(
      'path',
      {
        d: `M${x1},${y1} C${x1 - bend},${y1} ${x2 + bend},${y2} ${x2},${y2}`,
        class: edge.problem ? 'edge problem' : 'edge',
        'marker-end': 'url(#arrow)',
      },
      root,
    );
    const title = svg('title', {}, line);
    title.textContent = `${edge.from} requires ${edge.to} ${edge.range}${edge.problem ? ` (${edge.problem})` : ''}`;
  }
  const states = new Map(graph.nodes.map((n) => [n.name, n]));
  for (const [name, at] of place) {
    const node = states.get(name);
    const group = svg(
      'g',
      {
        class: `node ${node ? `state-${node.state}` : 'missing'}`,
        transform: `translate(${at.x},${at.y})`,
      },
      root,
    );
    group.dataset.plugin = name;
    svg('rect', { width: BOX.w, height: BOX.h, rx: 6 }, group);
    const label = name.length > 24 ? `${name.slice(0, 23)}…` : name;
    svgText(group, 8, 16, label);
    svgText(group, 8, 32, node ? `${node.version} · ${node.state}` : 'not configured', {
      class: 'hint',
    });
    svg('title', {}, group).textContent = name;
  }
  if (graph.cycle) svgText(root, BOX.pad, height - 8, `cycle: ${graph.cycle}`, { class: 'denied' });
  $('graph').replaceChildren(root);
}

// ---- live metrics ----------------------------------------------------------------------

function chart(container, series, unit) {
  const width = 520;
  const height = 150;
  const left = 44;
  const bottom = height - 18;
  const values = series.flatMap((s) => s.points).filter((v) => v !== undefined);
  const max = Math.max(0, ...values) > 0 ? Math.max(...values) * 1.1 : 1;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
  root.setAttribute('aria-label', series.map((s) => s.name).join(', '));
  svg('line', { x1: left, y1: 6, x2: left, y2: bottom, class: 'axis' }, root);
  svg('line', { x1: left, y1: bottom, x2: width - 4, y2: bottom, class: 'axis' }, root);
  svgText(root, 2, 14, `${Number(max.toPrecision(2))}${unit}`);
  svgText(root, 2, bottom, `0${unit}`);
  const step = (width - left - 8) / (HISTORY - 1);
  series.forEach((s, i) => {
    const points = [];
    s.points.forEach((v, j) => {
      if (v === undefined) return;
      const x = left + (HISTORY - s.points.length + j) * step;
      points.push(`${x.toFixed(1)},${(bottom - (v / max) * (bottom - 8)).toFixed(1)}`);
    });
    svg('polyline', { points: points.join(' '), class: `series-${i}` }, root);
    const last = s.points.at(-1);
    svgText(
      root,
      left + 8 + i * 150,
      height - 3,
      `${s.name}: ${last === undefined ? '–' : last.toFixed(2)}`,
      { class: `legend series-${i}` },
    );
  });
  container.replaceChildren(root);
}

function renderMetrics() {
  const chosen = $('metrics-plugin').value;
  const pick = (sample) =>
    [...sample.plugins.entries()].filter(([name]) => !chosen || name === chosen).map(([, m]) => m);
  const sum = (ms, key) => ms.reduce((total, m) => total + m[key], 0);
  const rates = { calls: [], errors: [] };
  const latency = { p50Ms: [], p95Ms: [], p99Ms: [] };
  history.forEach((sample, i) => {
    const now = pick(sample);
    for (const key of Object.keys(latency)) {
      const known = now.map((m) => m[key]).filter((v) => v !== undefined);
      latency[key].push(known.length === 0 ? undefined : Math.max(...known));
    }
    if (i === 0) return;
    const before = pick(history[i - 1]);
    const seconds = Math.max(0.001, (sample.time - history[i - 1].time) / 1000);
    for (const key of Object.keys(rates)) {
      rates[key].push(Math.max(0, sum(now, key) - sum(before, key)) / seconds);
    }
  });
  chart(
    $('chart-rate'),
    [
      { name: 'calls/s', points: rates.calls },
      { name: 'errors/s', points: rates.errors },
    ],
    '',
  );
  chart(
    $('chart-latency'),
    [
      { name: 'p50', points: latency.p50Ms },
      { name: 'p95', points: latency.p95Ms },
      { name: 'p99', points: latency.p99Ms },
    ],
    ' ms',
  );
}

// ---- audit -----------------------------------------------------------------------------

async function pollAudit() {
  const query = new URLSearchParams();
  if ($('audit-plugin').value) query.set('plugin', $('audit-plugin').value);
  if ($('audit-denied').checked) query.set('denied', '1');
  if ($('audit-since').value)
    query.set('since', String(Date.now() - Number($('audit-since').value)));
  query.set('limit', '200');
  const { total, records } = await api(`api/audit?${query}`);
  $('audit-count').textContent = `${records.length} of ${total} matching records`;
  const rows = records.reverse().map((r) => {
    const row = el(
      'tr',
      {},
      el('td', { textContent: new Date(r.time).toLocaleTimeString() }),
      el('td', {
        className: r.allowed ? 'allowed' : 'denied',
        textContent: r.allowed ? 'allowed' : 'denied',
      }),
      el('td', { textContent: `${r.capability}.${r.method}` }),
      el('td', { textContent: r.plugin }),
      el('td', { textContent: r.target }),
      el('td', { textContent: r.permission ?? '' }),
    );
    row.dataset.plugin = r.plugin;
    return row;
  });
  $('audit').tBodies[0].replaceChildren(...rows);
}

// ---- polling ---------------------------------------------------------------------------

async function poll() {
  try {
    const state = await api('api/state');
    history.push({
      time: state.time,
      plugins: new Map(state.plugins.map((p) => [p.name, p.metrics])),
    });
    if (history.length > HISTORY) history.shift();
    if (!busy) renderPlugins(state.plugins);
    renderGraph(state.graph);
    renderMetrics();
    $('status').textContent =
      `${state.plugins.length} plugins · updated ${new Date(state.time).toLocaleTimeString()}`;
  } catch (error) {
    $('status').textContent = `not connected: ${error.message}`;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('plugins').addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (button && !button.disabled) void act(button);
  });
  $('metrics-plugin').addEventListener('change', renderMetrics);
  $('audit-filters').addEventListener('change', () => void pollAudit().catch(() => {}));
  $('audit-filters').addEventListener('submit', (event) => event.preventDefault());
  void poll();
  void pollAudit().catch(() => {});
  setInterval(() => void poll(), POLL_MS);
  setInterval(() => void pollAudit().catch(() => {}), AUDIT_POLL_MS);
});
