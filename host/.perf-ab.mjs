const oldM = await import('./.perf-old-dist/index.js');
const newM = await import('./dist/index.js');
const dir = '/work/main/host/test/fixtures/hostile/_sibling/';
const request = { plugin: { name: 'b', version: '1.0.0', dir, entry: `${dir}index.js` }, config: {}, limits: { timeoutMs: 5000, memoryMb: 64 }, capabilities: async () => undefined };
const kind = process.argv[2] ?? 'Worker';
const ex = { old: oldM[`create${kind}Executor`]({ prewarm: 0 }), new: newM[`create${kind}Executor`]({ prewarm: 0 }) };
const t = { old: [], new: [] };
for (let r = 0; r < 32; r++) for (const k of ['old', 'new']) {
  const s = performance.now(); const i = await ex[k].load(request); await i.activate({ caller: 'x', timeoutMs: 5000 }); const d = performance.now() - s;
  await i.dispose(); await new Promise((res) => setTimeout(res, 60));
  if (r >= 2) t[k].push(d);
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1].toFixed(1);
console.log(kind, 'old', med(t.old), 'new', med(t.new));
await ex.old.close(); await ex.new.close();
