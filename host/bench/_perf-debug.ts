const d = (await import('./sandbox-cold-start.bench.ts')).default;
process.on('unhandledRejection', (e) => {
  console.log('UNHANDLED', e?.stack ?? e);
  process.exit(1);
});
await d.setup();
for (let r = 0; r < 12; r++) {
  let s = performance.now();
  await d.baseline.fn();
  const times = [performance.now() - s];
  for (const c of d.cases) {
    s = performance.now();
    await c.fn();
    times.push(Math.round(performance.now() - s));
  }
  console.log(r, times.join(' '));
}
await d.teardown();
