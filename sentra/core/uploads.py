"""A cap on uploaded bytes as they arrive: a request body larger than the limit is not
written to disk in full (Django would otherwise spool all of it to a temporary file before
any view could look at its size). The view finds `request.sentra_upload_refused` (the bytes
seen) and says which limit was exceeded."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

UPLOAD_REFUSED = "sentra_upload_refused"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def upload_max_bytes() -> int:
    limits = getattr(settings, "SENTRA_IMPORT_LIMITS", {})
    return int(limits.get("max_bytes", DEFAULT_MAX_BYTES))


class LimitedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: counts each file's bytes and stops the upload once
    they pass the import size limit (no upload is larger than an importable file)."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.seen = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.seen += len(raw_data)
        if self.seen > upload_max_bytes():
            if self.request is not None:
                setattr(self.request, UPLOAD_REFUSED, self.seen)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
