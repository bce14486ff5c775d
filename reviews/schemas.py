"""The read API's bodies as pydantic schemas: django-ninja writes the OpenAPI document from
them, so what the document promises is declared once, next to the operations that answer it.

The views still build their bodies as plain dictionaries (the JSON clients have always
received, byte for byte); schemathesis checks in tests/api that the two agree."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

Uri = Annotated[str, Field(json_schema_extra={"format": "uri"})]
Day = Annotated[str, Field(json_schema_extra={"format": "date"})]
Moment = Annotated[str, Field(json_schema_extra={"format": "date-time"})]


class Error(Schema):
    detail: str


class Claimant(Schema):
    name: str
    kind: Literal["person", "organisation"]
    same_as: Uri | None


class Appeared(Schema):
    url: str | None
    outlet: str | None
    date: Day | None


class ClaimSummary(Schema):
    text: str
    language: str
    claimant: Claimant | None
    appeared: Appeared


class Rating(Schema):
    label: str
    value: Annotated[int, Field(ge=1)] | None
    best: Annotated[int, Field(ge=1)] | None
    worst: Annotated[int, Field(ge=1)] | None


class FactCheck(Schema):
    id: int
    url: Uri
    api_url: Uri
    claim: ClaimSummary
    rating: Rating
    summary: Annotated[str, Field(max_length=75)]
    conclusion: str
    published_at: Moment | None
    corrected: bool


class FactCheckList(Schema):
    results: list[FactCheck]
    next: Uri | None
    previous: Uri | None


class Evidence(Schema):
    label: str
    url: str
    title: str | None = None
    publisher: str | None = None
    published_on: Day | None = None
    stance: Literal["supports", "refutes", "context"]
    quote: str | None = None
    archive_url: str | None = None
    snapshot_at: Moment | None = None
    content_sha256: str | None = None


class Appearance(Schema):
    """Where else the claim was said, as the desk recorded it."""

    text: str
    language: str
    claimant: str | None
    outlet: str | None
    url: str | None
    date: Day | None


class EarlierVersion(Schema):
    version: int
    rating: str
    summary: str
    conclusion: str
    published_at: Moment | None


class FactCheckDetail(FactCheck):
    rationale: str
    correction_note: str | None = None
    evidence: list[Evidence]
    appearances: list[Appearance]
    earlier_versions: list[EarlierVersion]
    claim_review: dict[str, Any] = Field(
        description="The schema.org ClaimReview embedded in the public page."
    )


class Difference(Schema):
    kind: Literal["number", "negation", "antonym", "place", "speaker"]
    text: str | None = Field(description="What the text says")
    claim: str | None = Field(description="What the claim says")
    description: str


class Match(Schema):
    id: int
    text: str
    language: str
    status: Literal["new", "in_review", "awaiting_approval", "published"] = Field(
        description="Always `published` for the public; desk members see open claims too."
    )
    rating: str | None = Field(description="The published rating, if published")
    url: Uri | None = Field(description="The public fact-check")
    score: Annotated[float, Field(ge=0, le=1)]
    same_claim: bool = Field(
        description="Very likely the same claim: a high score and no difference found."
    )
    differences: list[Difference] = Field(
        description="What the two say differently (numbers, negation, opposites, places, "
        "speakers): a match with one is related, never the same claim."
    )


class MatchList(Schema):
    results: list[Match]


class SubmissionIn(Schema):
    """A reader's question, as the public form takes it (the same checks, the same limits)."""

    text: str = Field(description="The claim as the reader saw it (10-2,000 characters)")
    url: str = Field("", description="Where: a link (http or https)")
    outlet: str = Field("", description="Or the outlet, channel or account")
    seen_on: str = Field("", description="When the reader saw it, YYYY-MM-DD")
    screenshot_text: str = Field("", description="Text of a screenshot")
    email: str = Field("", description="For an e-mail when the fact-check is published")
    language: str = Field("", description="The language of that e-mail (en, ru, zh-hans)")


class SubmissionOut(Schema):
    id: int
    status_url: Uri
    answered: bool
    answers: list[FactCheck]
    related: list[FactCheck]
    asked: int


class SubmissionErrors(Schema):
    detail: str
    errors: dict[str, list[str]]


class ClaimantIn(Schema):
    name: str = Field(description="Who said it")
    kind: Literal["person", "organisation"] = "person"
    role: str = Field("", description="Role or affiliation, e.g. 'mayor of Almaty'")


class ClaimIn(Schema):
    """A claim as the desk's form takes it (the same checks)."""

    text: str
    language: str = Field("", description="ISO 639-1; empty: detected")
    claim_type: str = "other"
    claimant: ClaimantIn | None = None
    appeared_url: str = ""
    appeared_outlet: str = ""
    appeared_on: str = Field("", description="YYYY-MM-DD")
    tags: list[str] = Field(default_factory=list)


class ClaimCreated(Schema):
    id: int
    url: Uri
    status: str


class EvidenceIn(Schema):
    """Evidence as the desk's form takes it. The constraints below are documented for clients
    (and for the fuzzer); the form checks them, with its own messages (400), not the parser."""

    url: str = Field(
        description="The source: a public http or https address",
        json_schema_extra={"format": "uri", "minLength": 1, "maxLength": 2000},
    )
    stance: str = Field(
        description="supports, refutes or context",
        json_schema_extra={"enum": ["supports", "refutes", "context"]},
    )
    title: str = ""
    publisher: str = ""
    published_on: str = Field("", description="YYYY-MM-DD")
    quote: str = ""
    note: str = ""


class EvidenceCreated(Schema):
    id: int
    label: str
    claim_url: Uri


class FormErrors(Schema):
    detail: str
    errors: dict[str, list[str]]
