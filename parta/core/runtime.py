"""The Python runtime of a serving process (the WSGI application, the benchmark's worker).

Python's cyclic garbage collector runs whenever 700 more objects were allocated than freed. A
journal page builds a few thousand short-lived objects (its rows, cells and marks), so it
triggered several collections, each walking the live objects of the process — a fifth of the
page's time, and most of its spread. Serving processes therefore collect the young generation
after `GC_THRESHOLD[0]` allocations and first move everything loaded at start (modules, URL
patterns, templates) out of the collector's sight with `gc.freeze()`. Reference counting still
frees almost everything at once; the collector only finds cycles, and still does."""

from __future__ import annotations

import gc

#: (young generation, middle, old): collections of the young generation after 50,000 net
#: allocations instead of 700; the older generations as Python's defaults count them.
GC_THRESHOLD = (50_000, 10, 10)


def tune_gc() -> None:
    """Freeze what is loaded so far and raise the collector's threshold. Call once per
    process after the application is loaded (gunicorn: in each worker after the fork is fine,
    as the frozen objects are shared copy-on-write)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
