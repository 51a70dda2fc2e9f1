"""Concurrent writes on PostgreSQL: the database, not luck, keeps the register consistent."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from anlaufstelle.core.roles import Role
from anlaufstelle.partners.models import Organisation
from conftest import verify

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_same_school_number_saved_at_once_gives_one_school_and_clear_errors(centre, member_factory) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency guarantees are proven on PostgreSQL.")
    users = [member_factory(centre, Role.EDITOR) for _ in range(8)]
    url = reverse("partners:create", kwargs={"centre": centre.slug})
    barrier = threading.Barrier(len(users))
    statuses: list[int] = []
    lock = threading.Lock()

    def create(user) -> None:  # type: ignore[no-untyped-def]
        client = Client()
        verify(client, user)
        barrier.wait()
        response = client.post(url, {"name": f"Schule von {user.pk}", "kind": "school", "school_number": "199999"})
        with lock:
            statuses.append(response.status_code)
        connections.close_all()

    threads = [threading.Thread(target=create, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with scopes_disabled():
        assert Organisation.objects.filter(school_number="199999").count() == 1
    assert sorted(statuses) == [200] * (len(users) - 1) + [302]
