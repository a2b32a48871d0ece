async () => {
  // Brings every code block of the content into view, one at a time, as a reader scrolling
  // through the page would: its <details> opened, its tab selected. Material mounts a code
  // block (its copy button) when it first comes into view (the content.lazy feature).
  const frame = () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  for (const code of document.querySelectorAll('article pre:not(.mermaid) > code')) {
    for (let up = code.parentElement; up && up.tagName !== 'ARTICLE'; up = up.parentElement) {
      if (up.tagName === 'DETAILS') up.open = true;
      if (up.classList.contains('tabbed-block')) {
        const set = up.closest('.tabbed-set');
        const index = [...up.parentElement.children].indexOf(up);
        const input = set.querySelectorAll(':scope > input')[index];
        if (input && !input.checked) input.click();
      }
    }
    code.scrollIntoView({block: 'center'});
    await frame();
  }
  window.scrollTo(0, 0);
}
