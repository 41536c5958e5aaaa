"""What a dump holds: a list of sections, each one model's rows as lines of JSON.

The engine registers its own sections here (the members named by the rest, pages, links and
page revisions); the apps built on it register theirs when ready (`tropes.dumps`), in an order
where a section comes after those it names. A section writes every column of its model but
those it leaves out: what is derived again on import (rendered markup, keys, stamps) and what
is private. Columns naming a member are written as the member's handle, never more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Q, QuerySet

from accounts import roles
from accounts.models import User
from wiki import index_entries, kinds, markup, search
from wiki.models import Page, Post


@dataclass(frozen=True)
class Section:
    name: str  # its file: pages.jsonl; letters, digits and underscores
    model: str  # the model's label: "wiki.Page", "wiki.HistoricalPage"
    exclude: tuple[str, ...] = ()  # columns derived again on import, or private
    people: tuple[str, ...] = ()  # columns naming a member, written as handles
    # On import, derives the columns left out (rendered markup, keys) on each new object.
    derive: Callable[[Any], object] | None = field(default=None, compare=False)
    # Rows migrations write (seeded kinds): an import replaces them instead of refusing.
    replaces: bool = False
    dated_by: str = ""  # a column whose latest value dates the data (a revision's date)
    # The rows written, where some are private (revisions of a hidden post): all by default.
    public: Q | None = field(default=None, compare=False)
    # Columns written empty in the rows matching a condition: a hidden post's text.
    blank: tuple[tuple[str, Q], ...] = field(default=(), compare=False)
    # A section whose rows are not its model's columns as they stand (members with their
    # role, votes counted by value) reads them itself, in a fixed order, and writes a batch
    # of them on import, given the ids of the members restored by handle.
    read: Callable[[], Iterator[dict[str, Any]]] | None = field(default=None, compare=False)
    write: Callable[[list[dict[str, Any]], Handles], None] | None = field(
        default=None, compare=False
    )

    def get_model(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def fields(self) -> list[models.Field[Any, Any]]:
        """The columns written, in the model's order, the primary key first."""
        concrete = self.get_model()._meta.concrete_fields
        chosen = [f for f in concrete if f.name not in self.exclude]
        return sorted(chosen, key=lambda f: not f.primary_key)

    def queryset(self) -> QuerySet[Any]:
        rows = self.get_model()._default_manager.all()
        return rows if self.public is None else rows.filter(self.public)


# The ids of the members a restore made, by handle: what columns naming members are read by.
Handles = dict[str, int]

BATCH = 2_000
_sections: list[Section] = []
# What an import derives again once every row is in (the search index, index entries…).
_rebuilds: list[Callable[[], object]] = []


def register(*sections: Section) -> None:
    for section in sections:
        if any(s.name == section.name for s in _sections):
            raise ValueError(f"A dump section is already called {section.name}.")
        _sections.append(section)


def register_rebuild(rebuild: Callable[[], object]) -> None:
    _rebuilds.append(rebuild)


def registered() -> list[Section]:
    return list(_sections)


def rebuilds() -> list[Callable[[], object]]:
    return list(_rebuilds)


def revisions(
    name: str, model: str, people: Iterable[str] = (), public: Q | None = None
) -> Section:
    """The section of a model's revisions (simple-history's records), dated and credited;
    `people` names the model's own columns naming members."""
    return Section(
        name=name,
        model=model,
        people=("history_user", *people),
        dated_by="history_date",
        public=public,
    )


def _named_people() -> QuerySet[User]:
    """The members some other section names (revision authors…): no one else is written."""
    named = [
        section.get_model()._default_manager.exclude(**{person: None}).order_by().values(person)
        for section in _sections
        for person in section.people
    ]
    if not named:
        return User.objects.none()
    # A union, then one membership test: an OR of subqueries reads every member for each.
    return User.objects.filter(pk__in=named[0].union(*named[1:]) if len(named) > 1 else named[0])


def _read_people() -> Iterator[dict[str, Any]]:
    """Each member named, with what their profile shows anyone: handle, date joined, role."""
    people = _named_people().order_by("pk")
    last = 0
    while batch := list(people.filter(pk__gt=last).prefetch_related("groups")[:BATCH]):
        for user in batch:
            yield {
                "id": user.pk,
                "handle": user.username,
                "joined": user.date_joined.astimezone(dt.UTC).isoformat(),
                "role": int(roles.role_of(user)),
            }
        last = batch[-1].pk


def _write_people(rows: list[dict[str, Any]], handles: Handles) -> None:
    made = []
    for row in rows:
        user = User(
            id=row["id"],
            username=row["handle"],
            date_joined=dt.datetime.fromisoformat(row["joined"]),
            is_active=row["role"] > roles.Role.READER,
        )
        # The account comes back as a name on its edits: its owner signs in again once an
        # administrator gives it a password or an address.
        user.set_unusable_password()
        made.append(user)
    User.objects.bulk_create(made)
    granted = {row["role"] for row in rows} & set(roles.GROUPS)
    groups = {role: roles.group(role).pk for role in granted}
    grants = [
        User.groups.through(user_id=row["id"], group_id=groups[row["role"]])
        for row in rows
        if row["role"] in groups
    ]
    User.groups.through.objects.bulk_create(grants)
    handles.update((user.username, user.pk) for user in made)


def _render_post(post: Post) -> None:
    # As Post.save() does.
    post.html = markup.render(post.text)
    post.plain = markup.plain_text(post.text)


def _post_vectors() -> None:
    # What the discussions' search reads on PostgreSQL, as each post's save writes it.
    if search.postgres():
        Post.objects.update(vector=SearchVector("plain", config=search.CONFIG))


PEOPLE = Section(name="people", model="accounts.User", read=_read_people, write=_write_people)

register(
    PEOPLE,
    Section(
        name="pages",
        model="wiki.Page",
        # Derived from the rest by Page.prepare(), or the page's stamp of the moment.
        exclude=("key", "name_lower", "body_html", "quote_html", "shown_stamp", "shown_changed"),
        derive=Page.prepare,
    ),
    Section(name="links", model="wiki.Link"),
    revisions("page_revisions", "wiki.HistoricalPage"),
    # What a thread is about, where it is a change waiting for review, is no one's but its
    # author's and the moderators' (held changes are not in a dump).
    Section(name="threads", model="wiki.Thread", people=("author",), exclude=("about_change",)),
    # A hidden post is there (its thread reads "a post hidden by a moderator"), without its
    # text, its revisions, or who hid it and why.
    Section(
        name="posts",
        model="wiki.Post",
        people=("author",),
        exclude=("html", "plain", "vector", "hidden_reason", "hidden_by"),
        derive=_render_post,
        blank=(("text", Q(hidden=True)),),
    ),
    revisions(
        "post_revisions",
        "wiki.HistoricalPost",
        people=("author",),
        public=~Q(id__in=Post.objects.filter(hidden=True).values("pk")),
    ),
)


def _index_entries() -> None:
    # Each index's ordered list, read again from its text as a save would.
    for index in Page.objects.filter(kind=kinds.INDEX).only("pk", "kind", "body", "redirect_to_id"):
        index_entries.rebuild(index)


register_rebuild(search.rebuild)
register_rebuild(_index_entries)
register_rebuild(_post_vectors)
