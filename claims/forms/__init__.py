"""Forms validate what people type and hand clean values to services; they never save."""

from claims.forms.base import (
    ASSIGNEE_ME,
    ASSIGNEE_NONE,
    MAX_TAGS,
    TAG_MAX_LENGTH,
    DeskForm,
    WebURLField,
    claimant_choices,
    desk_members,
    not_in_future,
)
from claims.forms.claim import ClaimForm
from claims.forms.filters import ClaimFilterForm
from claims.forms.intake import (
    ArticleForm,
    CandidateForm,
    CandidateFormSet,
    CsvImportForm,
    TickForm,
)
from claims.forms.monitoring import SourceForm
from claims.forms.readers import SubmissionForm

__all__ = [
    "ASSIGNEE_ME",
    "ASSIGNEE_NONE",
    "MAX_TAGS",
    "TAG_MAX_LENGTH",
    "ArticleForm",
    "CandidateForm",
    "CandidateFormSet",
    "ClaimFilterForm",
    "ClaimForm",
    "CsvImportForm",
    "DeskForm",
    "SourceForm",
    "SubmissionForm",
    "TickForm",
    "WebURLField",
    "claimant_choices",
    "desk_members",
    "not_in_future",
]
