/* A glossary term's meaning on a tap, for a phone has no hover: a tap on a term (an
   <abbr title>, from docs/includes/glossary.md) shows its meaning at the foot of the
   screen until the next tap. One listener for the whole site, nothing set up per term:
   Material's content.tooltips, which sets up every titled element of a page, multiplied
   the lab page's Total Blocking Time on a phone. */
if (!window.measuredTerms) {
  window.measuredTerms = true;  // once, though instant navigation keeps the document
  document.addEventListener("click", (event) => {
    const term = event.target.closest("abbr[title]");
    for (const open of document.querySelectorAll("abbr.measured-term--open")) {
      if (open !== term) open.classList.remove("measured-term--open");
    }
    if (term) term.classList.toggle("measured-term--open");
  });
}
