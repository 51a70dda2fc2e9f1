"""factory_boy factories for the core models."""

from __future__ import annotations

import factory

from anlaufstelle.core.models import Centre, User


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"centre-{n}")
    name = factory.LazyAttribute(lambda o: f"KI {o.slug.title()}")
    kind = Centre.Kind.CITY
    municipality = factory.LazyAttribute(lambda o: o.slug.title())
    email = factory.LazyAttribute(lambda o: f"ki@{o.slug}.example")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()
