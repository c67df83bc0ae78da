"""The registry of benchmark scenarios.

A scenario is a function that receives a `BenchContext` (the demo school, its municipality, the
demo users) and returns the path to request, or a `BenchRequest` for anything but a plain GET:

    from parta.bench.registry import scenario

    @scenario("journal.class", user="classteacher")
    def journal_class(ctx: BenchContext) -> str:
        return f"/s/{ctx.school_id}/journal/"

`user` is a demo login (see parta.demo.logins) the client is logged in as, or None for an
anonymous request. Every installed app may declare its scenarios in `<app>/bench.py`; they are
found by `discover()`. The scenarios of the first pages live in `parta/bench/scenarios.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from parta.bench.context import BenchContext


@dataclass(frozen=True)
class BenchRequest:
    """A request other than a plain GET of a path."""

    path: str
    method: str = "GET"
    data: Any = None
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


ScenarioFunc = Callable[["BenchContext"], "str | BenchRequest"]


@dataclass(frozen=True)
class Scenario:
    name: str
    user: str | None
    func: ScenarioFunc
    description: str = ""

    def request(self, ctx: BenchContext) -> BenchRequest:
        made = self.func(ctx)
        return BenchRequest(path=made) if isinstance(made, str) else made


_REGISTRY: dict[str, Scenario] = {}


def scenario(
    name: str, *, user: str | None, description: str = ""
) -> Callable[[ScenarioFunc], ScenarioFunc]:
    """Register the decorated function as the benchmark scenario `name`."""

    def register(func: ScenarioFunc) -> ScenarioFunc:
        existing = _REGISTRY.get(name)
        if existing is not None and existing.func is not func:
            raise ImproperlyConfigured(f"Benchmark scenario {name!r} is registered twice.")
        doc = (func.__doc__ or "").strip().splitlines()
        _REGISTRY[name] = Scenario(name, user, func, description or (doc[0] if doc else ""))
        return func

    return register


def discover() -> None:
    """Import `bench` modules of every installed app, and the built-in scenarios."""
    autodiscover_modules("bench")
    import_module("parta.bench.scenarios")


def scenarios(pattern: str = "") -> list[Scenario]:
    """Registered scenarios in registration order; `pattern` keeps those whose name contains
    one of its comma-separated substrings (case-insensitive)."""
    discover()
    wanted = [part.strip().lower() for part in pattern.split(",") if part.strip()]
    return [
        item
        for item in _REGISTRY.values()
        if not wanted or any(part in item.name.lower() for part in wanted)
    ]
