() => {
  // Every image and top-level inline SVG in the content that is not decorative: its kind,
  // source, accessible name, rendered size, whether it loaded, and its figure's caption.
  const shown = el => { const r = el.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; };
  const reveal = el => {  // a chart in a closed <details> or an inactive tab is sized once it is shown
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (up.tagName === 'DETAILS') up.open = true;
      if (up.classList.contains('tabbed-block')) {
        const index = [...up.parentElement.children].indexOf(up);
        const input = up.closest('.tabbed-set').querySelectorAll(':scope > input')[index];
        if (input) input.checked = true;
      }
    }
  };
  // of a drawing and its phone version (a paired figure), the one this width hides is not checked
  const other = el => el.closest('.measured-diagram--paired') && getComputedStyle(el).display === 'none';
  const svgs = [...document.querySelectorAll('article svg')].filter(s => !s.parentElement.closest('svg') && !other(s));
  return [...document.querySelectorAll('article img'), ...svgs]
    .filter(el => el.getAttribute('aria-hidden') !== 'true'
                  && !['presentation', 'none'].includes(el.getAttribute('role')))
    .map(el => {
      let size = shown(el);
      if (!size[0] || !size[1]) { reveal(el); size = shown(el); }
      const title = el.tagName === 'svg' ? el.querySelector(':scope > title') : null;
      const labelledby = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
        .map(id => document.getElementById(id)).filter(Boolean).map(n => n.textContent).join(' ');
      return {
        tag: el.tagName.toLowerCase(),
        chart: el.classList.contains('measured-chart'),
        src: el.getAttribute('src') || '',
        label: (el.tagName === 'IMG' ? el.getAttribute('alt') : el.getAttribute('aria-label') || labelledby
                || (title && title.textContent) || '') || '',
        width: size[0], height: size[1],
        broken: el.tagName === 'IMG' && (!el.complete || el.naturalWidth === 0),
        figure: ((el.closest('figure') || {querySelector: () => null}).querySelector('figcaption') || {}).textContent,
      };
    });
}
