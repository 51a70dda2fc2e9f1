"""Files written inside a transaction: kept only when it commits.

Django runs code after a commit (`transaction.on_commit`) but offers no hook for a rollback. An
action that stores a picture and then fails (a refusal, a database error, a killed worker)
would leave the file on disk with no row pointing at it. `kept_on_commit` deletes the files an
action stored when the action's block raises; `sweep_orphans` (daily, news/tasks.py) removes what
a rollback further out or a crash left behind: a file under the news folders that no row names
and that is older than a day.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.utils import timezone

FOLDERS = ("uploads/news", "private/news/consent")


class StoredFiles:
    """Remembers what an action stored, to delete it again if the action fails."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.names: list[str] = []

    def save(self, name: str, content: File[bytes]) -> str:
        stored = self.storage.save(name, content)
        self.names.append(stored)
        return stored

    def field(self, fieldfile: object, name: str, content: File[bytes]) -> None:
        """`fieldfile.save(...)` without saving the row, remembered for the rollback."""
        fieldfile.save(name, content, save=False)  # type: ignore[attr-defined]
        self.names.append(fieldfile.name)  # type: ignore[attr-defined]


@contextmanager
def kept_on_commit(storage: Storage | None = None) -> Iterator[StoredFiles]:
    """Use inside the action's atomic block; every file stored through it is deleted if it raises."""
    stored = StoredFiles(storage or default_storage)
    try:
        yield stored
    except BaseException:
        for name in stored.names:
            stored.storage.delete(name)
        raise


def delete_after_commit(names: list[str], storage: Storage | None = None) -> Callable[[], None]:
    store = storage or default_storage

    def delete() -> None:
        for name in names:
            store.delete(name)

    return delete


def referenced_names() -> set[str]:
    from django_scopes import scopes_disabled

    from anlaufstelle.news.models import NewsItem, Photo

    with scopes_disabled():  # a sweep over every centre's files, run by the worker
        names: set[str] = set(NewsItem.objects.exclude(picture="").values_list("picture", flat=True))
        for photo in Photo.objects.only("picture", "variants", "consent_form"):
            names.update(photo.stored_files())
    return names


def sweep_orphans(*, now: datetime.datetime | None = None, storage: Storage | None = None) -> int:
    """Delete files under the news folders that no row names and that are older than a day."""
    store = storage or default_storage
    cutoff = (now or timezone.now()) - datetime.timedelta(days=1)
    known = referenced_names()
    removed = 0
    for folder in FOLDERS:
        try:
            _dirs, files = store.listdir(folder)
        except FileNotFoundError:
            continue
        for filename in files:
            name = f"{folder}/{filename}"
            if name not in known and store.get_modified_time(name) < cutoff:
                store.delete(name)
                removed += 1
    return removed
