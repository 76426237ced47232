"""Filters for the log, set up in settings.LOGGING."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class ForbiddenOneLine(logging.Filter):
    """A refused request (403) as one line: path, user id and the reason.

    Django logs each PermissionDenied with its traceback (log_response passes exc_info): about
    thirty lines of framework frames per refusal, which bury the errors that matter and say
    nothing a refusal needs. A refusal is expected behaviour, not a fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Once per record: logging configured again (a test, a reload) attaches the filter
        # twice, and a second pass would find the reason gone with the traceback.
        if getattr(record, "status_code", None) != 403 or getattr(record, "one_line", False):
            return True
        record.one_line = True
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        error = record.exc_info[1] if record.exc_info else None
        reason = str(error) if isinstance(error, PermissionDenied) else ""
        record.msg = "Forbidden: %s (gebruiker %s): %s"
        record.args = (
            # As Django escapes it: a path cannot start a new line in the log.
            getattr(request, "path", "").encode("unicode_escape").decode("ascii"),
            getattr(user, "pk", None) or "anoniem",
            " ".join(reason.split()) or "-",
        )
        record.exc_info = None
        record.exc_text = None
        return True
