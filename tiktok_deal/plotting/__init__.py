"""Plots of deals, reports, the law's clock and scenario sweeps (matplotlib; ``pip install
'tiktok-deal[plot]'``).

Every function follows matplotlib's helper convention: it takes a result (a ``Deal`` or
``Report``, a ``TimelineStatus``, a sweep DataFrame), draws on ``ax`` (a new 8 × 4.5 in figure
when None) and returns the Axes; none calls ``show()``. On a smaller Axes (a panel of a grid)
fonts and markers shrink to fit. matplotlib and networkx are imported only when a function
runs, so importing this module stays cheap.

>>> import tiktok_deal as td
>>> from tiktok_deal import plotting
>>> ax = plotting.ownership(td.preset("joint-venture-2026"))  # doctest: +SKIP
"""

from __future__ import annotations

from .. import palette
from .deal import ownership
from .montecarlo import montecarlo
from .network import graph
from .sweeps import sweep
from .timeline import timeline

__all__ = ["graph", "montecarlo", "ownership", "palette", "sweep", "timeline"]
