"""What an import checks and looks up: a JSON object's fields turned into model values (checked
the way the database would, with clearer words), and the people, tags, ratings, claimants and
articles a record names, found on this desk or created once each."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models

from claims.models import Article, Claimant, Tag
from reviews.exports import records
from reviews.models import Rating
from reviews.rechecks.models import AUDIT_VERBS


def keys(data: Any, expected: Iterable[str], what: str) -> dict[str, Any]:
    """The object, if it has exactly the expected keys."""
    if not isinstance(data, dict):
        raise ValueError(f"{what} must be a JSON object")
    wanted = set(expected)
    if missing := sorted(wanted - data.keys()):
        raise ValueError(f"{what} lacks {', '.join(missing)}")
    if unknown := sorted(data.keys() - wanted):
        raise ValueError(f"{what} has unknown fields {', '.join(unknown)}")
    return data


# Values the desk writes that a model's choices do not list yet: the re-check audit verbs.
EXTRA_CHOICES: dict[tuple[str, str], set[str]] = {("claims.auditevent", "verb"): set(AUDIT_VERBS)}


def model_values(
    model: type[models.Model], data: Mapping[str, Any], names: Iterable[str]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in names:
        model_field = model._meta.get_field(name)
        raw = data[name]
        if raw is None and not model_field.null:
            raise ValueError(f"{name} cannot be null")
        try:
            value = model_field.to_python(raw)  # type: ignore[union-attr]
        except ValidationError as exc:
            raise ValueError(f"{name}: {' '.join(exc.messages)}") from None
        if isinstance(value, datetime) and value.tzinfo is None:
            raise ValueError(f"{name} needs a UTC offset")
        max_length = getattr(model_field, "max_length", None)
        if isinstance(value, str) and max_length and len(value) > max_length:
            raise ValueError(f"{name} is longer than {max_length} characters")
        choices = getattr(model_field, "flatchoices", None)
        allowed = {key for key, _ in choices or ()} | EXTRA_CHOICES.get(
            (model._meta.label_lower, name), set()
        )
        if choices and value not in allowed and value not in ("", None):
            raise ValueError(f"{name}: {value!r} is not one of the desk's values")
        values[name] = value
    return values


class References:
    """Everything a record points to by name or by its id in the file, resolved once."""

    def __init__(self) -> None:
        self.users: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.ratings: dict[str, int] = {}
        self.claimants: dict[int, Claimant] = {}  # by id in the file
        self.articles: dict[int, Article] = {}  # by id in the file
        self.created_users: list[str] = []
        self.created_ratings: list[str] = []

    def user(self, username: Any) -> int | None:
        """A user's id by username; missing users are created inactive, without a password or
        groups: an administrator decides what they may do."""
        if username is None:
            return None
        if not isinstance(username, str) or not username:
            raise ValueError(f"{username!r} is not a username")
        if username not in self.users:
            User = get_user_model()
            found = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
            if found is None:
                found = User(**{User.USERNAME_FIELD: username}, is_active=False)
                found.set_unusable_password()
                found.save()
                self.created_users.append(username)
            self.users[username] = found.pk
        return self.users[username]

    def person(self, username: Any, what: str) -> int:
        user_id = self.user(username)
        if user_id is None:
            raise ValueError(f"{what} needs a username")
        return user_id

    def tag(self, name: Any) -> int:
        if not isinstance(name, str) or not name:
            raise ValueError(f"{name!r} is not a tag name")
        if name not in self.tags:
            self.tags[name] = Tag.objects.get_or_create(name=name)[0].pk
        return self.tags[name]

    def rating(self, label: Any) -> int | None:
        if label is None:
            return None
        if not isinstance(label, str) or not label:
            raise ValueError(f"{label!r} is not a rating")
        if label not in self.ratings:
            found = Rating.objects.filter(label=label).first()
            if found is None:
                # Offered to no one until an editor places it on the scale.
                found = Rating.objects.create(label=label, is_active=False, position=999)
                self.created_ratings.append(label)
            self.ratings[label] = found.pk
        return self.ratings[label]

    def claimant(self, data: Any) -> Claimant | None:
        """The claimant of the file's id: the same claimant if this desk has it (same id, or
        same name and details), otherwise a new one, with the file's id when that is free. Two
        claimants with one name stay two."""
        if data is None:
            return None
        values = model_values(
            Claimant, keys(data, records.CLAIMANT_FIELDS, "claimant"), records.CLAIMANT_FIELDS
        )
        exported_id = values.pop("id")
        if exported_id in self.claimants:
            return self.claimants[exported_id]
        same = {k: values[k] for k in ("name", "kind", "description", "same_as")}
        match = Claimant.objects.filter(pk=exported_id, **same).first()
        if match is None:
            taken = {c.pk for c in self.claimants.values()}
            candidates = Claimant.objects.filter(**same).order_by("pk")
            match = next((c for c in candidates if c.pk not in taken), None)
        if match is None:
            match = Claimant(**values)
            if not Claimant.objects.filter(pk=exported_id).exists():
                match.pk = exported_id
            match.save(force_insert=True)
        self.claimants[exported_id] = match
        return match

    def article(self, data: Any) -> Article | None:
        """The article of the file's id: this desk's article with that id if it holds the same
        text, otherwise a new one (with the file's id when that is free)."""
        if data is None:
            return None
        names = (*records.ARTICLE_FIELDS, *records.ARTICLE_PEOPLE)
        data = keys(data, names, "article")
        values = model_values(Article, data, records.ARTICLE_FIELDS)
        exported_id = values.pop("id")
        if exported_id not in self.articles:
            same = Article.objects.filter(pk=exported_id, text=values["text"]).first()
            if same is None:
                same = Article(**values, created_by_id=self.person(data["created_by"], "article"))
                if not Article.objects.filter(pk=exported_id).exists():
                    same.pk = exported_id
                same.save(force_insert=True)
            self.articles[exported_id] = same
        return self.articles[exported_id]
