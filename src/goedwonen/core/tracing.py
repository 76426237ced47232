"""W3C Trace Context for the processing log: one trace per request, one span per log line."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar
from dataclasses import dataclass

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


@dataclass(frozen=True)
class TraceContext:
    trace_id: str
    span_id: str


current_trace: ContextVar[TraceContext | None] = ContextVar("current_trace", default=None)


def new_span_id() -> str:
    return secrets.token_hex(8)


def new_trace() -> TraceContext:
    return TraceContext(trace_id=secrets.token_hex(16), span_id=new_span_id())


def trace_from_header(traceparent: str | None) -> TraceContext:
    """Continue a caller's trace (a partner system's `traceparent`), or start a new one."""
    match = _TRACEPARENT.match((traceparent or "").strip().lower())
    if match and set(match.group(1)) != {"0"} and set(match.group(2)) != {"0"}:
        return TraceContext(trace_id=match.group(1), span_id=new_span_id())
    return new_trace()
