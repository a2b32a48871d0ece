"""Build-time runner for "The GIL, Measured".

Data flows one way: ``examples/*.py`` are run in subprocesses (:mod:`measured.process`),
measured in interleaved rounds (:mod:`measured.benchmark`), cached as JSON
(:mod:`measured.cache`), rendered to HTML fragments (:mod:`measured.render`) and
spliced into pages (:mod:`measured.pages`: directives found by :mod:`measured.finder`,
run by the handlers of :mod:`measured.handlers`; what an author can get wrong is an
:class:`measured.errors.AuthorError`, reported as ``page:line: message``). What each build was made from (commit,
date, CI run, versions) is gathered by :mod:`measured.provenance`, shown on the pages
and stored beside the results. A machine's results travel as a bundle
(:mod:`measured.bundle`: exported, imported into another cache, published with the
site). Only :mod:`measured.mkdocs_adapter` knows about MkDocs, Material and mkdocs-jupyter.
The site audit of the built HTML (:mod:`measured.audit`: links, accessibility, browser
checks, ``make report``) reads the built site and is no part of the runner's flow.
"""

__version__ = "1"  # bump to invalidate every cached measurement
