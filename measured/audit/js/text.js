() => {
  // Samples of visible text in the content (the first paragraph as 'body text', then every
  // element with text of its own, and each chart's ink): colour, stack of backgrounds, size, weight.
  const stack = el => {
    const layers = [];
    for (let up = el; up; up = up.parentElement) {
      const bg = getComputedStyle(up).backgroundColor;
      if (!/^rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') layers.push(bg);
      if (/^rgb\(/.test(bg)) break;  // opaque: nothing below shows through
    }
    return layers;
  };
  const seen = el => {
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    if (style.visibility !== 'visible' || !box.width || !box.height) return false;
    for (let up = el; up; up = up.parentElement) if (getComputedStyle(up).opacity === '0') return false;
    return true;
  };
  const describe = el => el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('');
  const article = document.querySelector('article');
  if (!article) return [];
  const samples = [{what: 'body text', text: (article.querySelector('p') || article).textContent.trim().slice(0, 40),
                    color: getComputedStyle(article.querySelector('p') || article).color,
                    backgrounds: stack(article.querySelector('p') || article), size: 16, weight: 400}];
  for (const el of article.querySelectorAll('*')) {
    if (el.closest('pre, svg') && !el.matches('svg.measured-chart')) continue;
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!own && !el.matches('svg.measured-chart')) continue;
    if (!seen(el)) continue;
    const style = getComputedStyle(el);
    samples.push({what: el.matches('svg') ? 'chart ink' : describe(el),
                  text: own ? own.slice(0, 40) : (el.getAttribute('aria-label') || '').slice(0, 40),
                  color: style.color, backgrounds: stack(el),
                  size: parseFloat(style.fontSize), weight: parseInt(style.fontWeight) || 400});
  }
  return samples;
}
