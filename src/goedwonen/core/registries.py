"""Extension points: the core calls what the apps register, and never imports an app.
An app registers from its `AppConfig.ready()`, e.g. `nightly_tasks.register(remind_tasks)`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

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
