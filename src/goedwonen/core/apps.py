from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "goedwonen.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from PIL import Image

        from . import (
            log_guard,  # noqa: F401 - registers its deploy check
            lookups,  # noqa: F401 - registers `in_ids` on every field
            network,  # noqa: F401 - registers its system check
        )
        from .tasks import nightly_tasks, verify_processing_log

        nightly_tasks.register(verify_processing_log)

        # Pillow's own guard against decompression bombs, at the cap for uploads rather than
        # its default of 89 megapixels: no image beyond it is decoded in this process
        # (goedwonen.core.images refuses larger uploads from their header before this).
        Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_MEGAPIXELS * 1_000_000
