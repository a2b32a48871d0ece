() => {
  // Code blocks in the content without Material's copy button: [number, first line] for each.
  // A mermaid block is a diagram's source, drawn in its place, so it is not a code block.
  return [...document.querySelectorAll('article pre:not(.mermaid) > code')].flatMap((code, i) =>
    code.parentElement.querySelector('button[data-clipboard-target], button.md-clipboard') ? []
    : [[i + 1, code.textContent.trim().split('\n')[0].slice(0, 50)]]);
}
