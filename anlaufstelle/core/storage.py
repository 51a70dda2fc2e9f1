"""Uploaded files on the local disk, never half-written.

Django's FileSystemStorage streams an upload straight into its final name; when the disk fills
up (`OSError(ENOSPC)`) the first part of the file stays behind under that name. This storage
writes into a hidden temporary file beside it and links it to the final name only once every
byte is on disk, so a failed upload leaves nothing behind and the error reaches the caller
(whose transaction is rolled back; `core.views.errors` answers with a clear page). Production
installations with more than one server use an S3-compatible storage instead
(`STORAGE_BACKEND=s3`, docs/operations.md).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="anlaufstelle.core.storage.SafeFileSystemStorage")
class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, partial = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            os.chmod(partial, self.file_permissions_mode or 0o644)
            while True:  # a link never replaces an existing file: a taken name gets a new one
                try:
                    os.link(partial, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
        self._ensure_location_group_id(full_path)  # type: ignore[attr-defined]
        return os.path.relpath(full_path, self.location).replace("\\", "/")
