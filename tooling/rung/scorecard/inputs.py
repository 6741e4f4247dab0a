"""What the scorecard is collated from, built from the JSON GitHub sends (REST shapes).

Pure and forgiving: real payloads omit keys (older review comments have no
``line``, ``original_line`` or ``side``), so every field is read with a default
and a missing key is simply absent.  The GitHub layer and ``rung scorecard
--comments FILE.json`` build the same values from the same JSON.

Who last edited a comment is not in the REST shapes; the GitHub layer adds it
from GraphQL (``editor``), as ``Edit`` values keyed by the comment's node id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Edit:
    """GraphQL's answer for one comment: edited at all, and by whom (None: deleted account)."""

    edited: bool
    editor: str | None = None


NOT_EDITED = Edit(False)


@dataclass(frozen=True)
class ReviewComment:
    """A pull-request review comment (``pull-request-review-comment``)."""

    id: int
    login: str | None  # None: the account was deleted
    body: str
    path: str
    line: int | None
    original_line: int | None = None
    side: str | None = None
    created_at: str = ""  # ISO 8601, as GitHub sends it
    html_url: str = ""
    start_line: int | None = None
    original_start_line: int | None = None
    start_side: str | None = None
    subject_type: str = "line"  # "file" for a comment on the whole file
    in_reply_to_id: int | None = None
    original_commit_id: str = ""
    updated_at: str = ""
    node_id: str = ""
    edited: bool = False
    editor: str | None = None
    author_id: int = 0  # the account's numeric id (0: unknown), which a renamed account keeps

    @property
    def written_at(self) -> str:
        return self.updated_at or self.created_at


@dataclass(frozen=True)
class Review:
    """A submitted pull-request review (``pull-request-review``)."""

    id: int
    login: str | None
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED
    submitted_at: str = ""
    body: str = ""
    html_url: str = ""
    node_id: str = ""
    edited: bool = False
    editor: str | None = None
    author_id: int = 0  # the account's numeric id (0: unknown), which a renamed account keeps

    @property
    def written_at(self) -> str:
        return self.submitted_at


@dataclass(frozen=True)
class ConversationComment:
    """A comment in the pull request's conversation (``issue-comment``)."""

    id: int
    login: str | None
    body: str
    created_at: str = ""
    updated_at: str = ""
    html_url: str = ""
    node_id: str = ""
    edited: bool = False
    editor: str | None = None
    author_id: int = 0  # the account's numeric id (0: unknown), which a renamed account keeps

    @property
    def written_at(self) -> str:
        return self.updated_at or self.created_at


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _login(value: Any) -> str | None:
    login = value.get("login") if isinstance(value, dict) else None
    return login if isinstance(login, str) and login else None


def _user_id(value: Any) -> int:
    found = _int(value.get("id")) if isinstance(value, dict) else None
    return found if found is not None and found > 0 else 0


def _edit(raw: Mapping[str, Any], edits: Mapping[str, Edit]) -> Edit:
    return edits.get(_text(raw.get("node_id")), NOT_EDITED)


def review_comment(raw: Mapping[str, Any], edits: Mapping[str, Edit] = {}) -> ReviewComment:
    edit = _edit(raw, edits)
    return ReviewComment(
        id=_int(raw.get("id")) or 0,
        login=_login(raw.get("user")),
        body=_text(raw.get("body")),
        path=_text(raw.get("path")),
        line=_int(raw.get("line")),
        original_line=_int(raw.get("original_line")),
        side=_text(raw.get("side")) or None,
        created_at=_text(raw.get("created_at")),
        html_url=_text(raw.get("html_url")),
        start_line=_int(raw.get("start_line")),
        original_start_line=_int(raw.get("original_start_line")),
        start_side=_text(raw.get("start_side")) or None,
        subject_type=_text(raw.get("subject_type")) or "line",
        in_reply_to_id=_int(raw.get("in_reply_to_id")),
        original_commit_id=_text(raw.get("original_commit_id")),
        updated_at=_text(raw.get("updated_at")),
        node_id=_text(raw.get("node_id")),
        edited=edit.edited,
        editor=edit.editor,
        author_id=_user_id(raw.get("user")),
    )


def review(raw: Mapping[str, Any], edits: Mapping[str, Edit] = {}) -> Review:
    edit = _edit(raw, edits)
    return Review(
        id=_int(raw.get("id")) or 0,
        login=_login(raw.get("user")),
        state=_text(raw.get("state")),
        submitted_at=_text(raw.get("submitted_at")),
        body=_text(raw.get("body")),
        html_url=_text(raw.get("html_url")),
        node_id=_text(raw.get("node_id")),
        edited=edit.edited,
        editor=edit.editor,
        author_id=_user_id(raw.get("user")),
    )


def conversation_comment(
    raw: Mapping[str, Any],
    edits: Mapping[str, Edit] = {},
) -> ConversationComment:
    edit = _edit(raw, edits)
    return ConversationComment(
        id=_int(raw.get("id")) or 0,
        login=_login(raw.get("user")),
        body=_text(raw.get("body")),
        created_at=_text(raw.get("created_at")),
        updated_at=_text(raw.get("updated_at")),
        html_url=_text(raw.get("html_url")),
        node_id=_text(raw.get("node_id")),
        edited=edit.edited,
        editor=edit.editor,
        author_id=_user_id(raw.get("user")),
    )
