"""The site audit: checks on the BUILT site, shared by the tests and the report.

The audit reads a folder of built HTML and drives it in a browser; it never imports
MkDocs (the report builds the site, when asked to, by running ``mkdocs build`` in its own
process), so it works on whatever produced the folder. Every check is a plain function
that returns one message per problem, naming the page, so the same code runs on the real
site (the tests' ``site`` fixture, the report) and on small broken samples in the tests.

==============================  =====================================================
``site``                        the built site as files: pages, URL paths, nav, sitemap
``links``                       dead links and anchors, loads from other hosts, external links
``accessibility``               static checks: one h1, heading levels, alt text, table headers
``contrast``                    WCAG contrast of computed CSS colours
``browser``, ``js/*.js``        headless Chromium: what a first visit loads, rendered checks
``serve``                       the built folder over HTTP on 127.0.0.1, gzipped like a host
``lighthouse``                  Lighthouse scores, where npx and Node can run it
``build``                       the site built by ``mkdocs build`` in a process of its own; a failed build's complaints
``__main__``                    the report: ``python -m measured.audit`` (``make report``)
==============================  =====================================================

Importing this package imports nothing else: bs4 comes with ``site``, ``links`` and
``accessibility``, and Playwright only when a browser is launched.
"""
