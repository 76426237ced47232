"""What one process keeps between requests for a few seconds (`ProcessMemo`), and what one
request keeps while it runs (`request_memo`).

ProcessMemo: the busy API path reads its
token, routing rules and processing activities once per interval instead of once per request.

A change saved in this process drops the entry at once (`forget`); a change saved in another
process (another server worker, a command) takes effect here within `seconds`. Values are
shared by threads, so they must be read-only once built.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar, Generic, TypeVar, cast

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ProcessMemo(Generic[K, V]):
    _every: ClassVar[weakref.WeakSet[ProcessMemo[Any, Any]]] = weakref.WeakSet()

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._items: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()
        ProcessMemo._every.add(self)

    @classmethod
    def forget_everywhere(cls) -> None:
        """Drop what every memo of this process keeps (for example after a database reset)."""
        for memo in list(cls._every):
            memo.forget()

    def get(self, key: K, build: Callable[[], V | None]) -> V | None:
        """The value kept for `key` if it is fresh; otherwise `build()` (kept unless None)."""
        now = time.monotonic()
        kept = self._items.get(key)
        if kept is not None and now - kept[0] <= self.seconds:
            return kept[1]
        value = build()
        with self._lock:
            if value is None:
                self._items.pop(key, None)
            else:
                self._items[key] = (now, value)
        return value

    def forget(self, key: K | None = None) -> None:
        """Drop one entry, or all of them."""
        with self._lock:
            if key is None:
                self._items.clear()
            else:
                self._items.pop(key, None)


# What one request reads more than once, kept for that request only (`request_memo`): the
# running sharings of the viewer's organisation, which each block of the start page needs.
# RequestMemoMiddleware opens the scope; outside a request (services, commands, the worker)
# nothing is kept. Whoever saves such a fact calls `request_memo_forget`.
_in_request: ContextVar[dict[Hashable, Any] | None] = ContextVar("request_memo", default=None)


def request_memo(key: Hashable, build: Callable[[], V]) -> V:
    kept = _in_request.get()
    if kept is None:
        return build()
    if key not in kept:
        kept[key] = build()
    return cast(V, kept[key])


def request_memo_forget() -> None:
    kept = _in_request.get()
    if kept is not None:
        kept.clear()


@contextmanager
def request_scope() -> Iterator[None]:
    token = _in_request.set({})
    try:
        yield
    finally:
        _in_request.reset(token)
