from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory
from django.contrib.auth import get_user_model

from claims.models import Claim, Claimant, Tag


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant

    name = factory.Sequence(lambda n: f"Speaker Number{n}")
    description = "deputy mayor"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"tag{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim
        skip_postgeneration_save = True

    text = factory.Sequence(lambda n: f"The city planted {n * 1000} trees in the last five years.")
    claimant = factory.SubFactory(ClaimantFactory)
    language = "en"
    appeared_outlet = "City Summit"
    appeared_on = factory.LazyFunction(lambda: date.today() - timedelta(days=3))
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def tags(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.tags.set([TagFactory(name=name) for name in extracted])
        self.refresh_search_text()
        if create:
            self.save(update_fields=["search_text"])
