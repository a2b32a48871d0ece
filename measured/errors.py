"""The one error type for what a page author can cause.

A directive with malformed arguments, an unknown directive, an example that does not
exist, a claim that is not an expression, an unknown ``when=``, a chart's data an
example wrote wrongly: each is an :class:`AuthorError` (or a subclass naming where it
arose), and expansion reports it as ``page:line: message``, in strict and served
builds alike. Any other exception raised while a page is expanded is a bug in the
runner, and the build stops with its traceback.
"""

from __future__ import annotations

__all__ = ["AuthorError"]


class AuthorError(ValueError):
    """Something a page author wrote wrongly (or an example the author wrote misbehaved)."""
