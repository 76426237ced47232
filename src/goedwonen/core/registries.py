"""Extension points: the core calls what the apps register, and never imports an app.
An app registers from its `AppConfig.ready()`, e.g. `nightly_tasks.register(remind_tasks)`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from .policy import Capability

T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered set of registered items. `register` returns the item, so it also serves
    as a decorator; registering the same item again changes nothing (tests reload apps)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: list[T] = []

    def register(self, item: T) -> T:
        if item not in self._items:
            self._items.append(item)
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(tuple(self._items))

    def __repr__(self) -> str:
        return f"Registry({self.name!r}, {self._items!r})"


# Something happened at a dwelling that may concern its owner (the landlord monitor listens).
# Each hook is called inside the transaction that records it, as
# `hook(verblijfsobject_id=..., soort=..., datum=..., bron=..., casus_id=..., actor=...)`:
# `soort` one of "melding" (a report registered on the object), "bevinding" (a visit found a
# violation), "handhaving" (an enforcement decision taken); `datum` the date it happened;
# `bron` a stable id of the record ("melding:12", "bezoek:7", "traject:3") so a hook that is
# called twice for one record does nothing the second time; `casus_id` the case it belongs
# to, or None; `actor` who recorded it (None for an import).
dwelling_events: Registry[Callable[..., object]] = Registry("dwelling_events")

# Called when a source folder's import has finished (`registry.importer.run.import_folder`),
# after its last commit, as `hook(levering_id=...)`: what depends on imported history (the
# landlord monitor's alerts) books its work here, e.g. a background task.
imports_finished: Registry[Callable[..., object]] = Registry("imports_finished")

# The blocks of a person's start page (`/`, `core.views.home`), in this order: each a
# `(capability, read)`. The page shows a block only to holders of its capability and calls
# `read(actor=..., today=...)`, which returns the block (an object with a `template` to
# include, given as `blok`) or None when it has nothing to show.
start_page_blocks: Registry[tuple[Capability, Callable[..., object]]] = Registry(
    "start_page_blocks"
)

# Called at the end of `accounts.demo.demo_seed`, inside its transaction, as `seed()`: an app
# puts its demo set-up in place (the case tables), idempotently. Demo only, never production.
demo_seeds: Registry[Callable[[], object]] = Registry("demo_seeds")

# Where the inspection outcomes of a run came from, shown beside the hit rates (the analytics
# catalogue page). Each hook is called as `hook(object_ids=..., voor=...)` with the dwellings
# (object ids) that have an outcome in the run's export and the moment the run started, and
# returns `(label, n)`: how many of those dwellings the app's own work visited before then,
# e.g. ("bezocht in integrale acties", 4).
inspection_origins: Registry[Callable[..., tuple[str, int]]] = Registry("inspection_origins")
