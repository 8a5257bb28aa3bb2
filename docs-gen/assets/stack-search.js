// Client-side search of a Stack plugin's docs. The index is built at generation time and loaded
// from a script (not fetched), so search also works when the site is opened from disk.
(() => {
  const data = window.STACK_SEARCH_INDEX;
  const input = document.getElementById('stack-search-input');
  const list = document.getElementById('stack-search-results');
  if (!data || !input || !list || typeof MiniSearch === 'undefined') return;
  const search = MiniSearch.loadJS(data.index, data.options);
  const base = document.documentElement.dataset.base || './';
  const render = () => {
    const query = input.value.trim();
    list.replaceChildren();
    list.hidden = query === '';
    if (query === '') return;
    const results = search.search(query).slice(0, 12);
    if (results.length === 0) {
      const li = document.createElement('li');
      li.className = 'stack-search-empty';
      li.textContent = `No results for "${query}"`;
      list.append(li);
      return;
    }
    for (const r of results) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = base + r.url;
      const title = document.createElement('span');
      title.className = 'stack-search-title';
      title.textContent = r.title;
      const kind = document.createElement('span');
      kind.className = 'stack-search-kind';
      kind.textContent = r.kind;
      a.append(title, kind);
      if (r.snippet) {
        const p = document.createElement('span');
        p.className = 'stack-search-snippet';
        p.textContent = r.snippet;
        a.append(p);
      }
      li.append(a);
      list.append(li);
    }
  };
  input.addEventListener('input', render);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') list.querySelector('a')?.click();
    if (event.key === 'Escape') {
      input.value = '';
      render();
    }
  });
  list.hidden = true;
})();
