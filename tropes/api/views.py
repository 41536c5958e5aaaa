"""The API's views: thin, each reading through `pages`, `examples`, `timelines` or `finding`
and answering with its serializer. Every one is a GET; anything else is 405."""

import re

from django.http import HttpResponsePermanentRedirect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from tropes.api import cursors, examples, finding, links, pages, timelines
from tropes.api import serializers as shapes
from tropes.api.answers import ReadView
from tropes.models import Trope

PATH = OpenApiParameter.PATH
PAGE_PARAMETERS = [
    OpenApiParameter("namespace", str, PATH, description="Main, Anime, YMMV…"),
    OpenApiParameter("name", str, PATH, description="The page's WikiWord: BigEater."),
]
SCREEN = [
    OpenApiParameter("cursor", str, description="From the `next` of the screen before."),
    OpenApiParameter("limit", int, description="Items a screen, 1 to 200 (default 50)."),
]
TIMELINE = [
    OpenApiParameter("cursor", str, description="From the `next` of the screen before."),
    OpenApiParameter("limit", int, description="Entries a screen, 1 to 100 (default 50)."),
]
MOVED = {301: None, 404: None}
FULL_NAME = re.compile(r"^[A-Za-z]{1,40}/[A-Za-z0-9]{1,100}\Z")
RESOURCES = {
    "pages": "pages",
    "works": "works",
    "tropes": "tropes",
    "examples": "examples",
    "changes": "changes",
    "search": "search",
    "goto": "goto",
    "schema": "schema",
    "docs": "docs",
}


def screen(serializer, items, after, request):
    return Response(serializer({"next": cursors.next_url(request, after), "results": items}).data)


def _moved(target, *more):
    """The same resource at the page's own address: where a redirect leads, or the name as
    it is spelled."""
    return HttpResponsePermanentRedirect(links.page_api(target.namespace, target.name, *more))


def _page_or_moved(namespace, name, *more):
    try:
        return pages.lookup(namespace, name), None
    except pages.Moved as moved:
        return None, _moved(moved.target, *more)


def _filter_name(request, parameter):
    """The Namespace/Name given as ?work= or ?trope=, or None; 400 if it names no page."""
    value = request.query_params.get(parameter)
    if value is None:
        return None
    if not FULL_NAME.match(value):
        raise ValidationError({parameter: "A page's Namespace/Name, like Main/BigEater."})
    namespace, _, name = value.partition("/")
    return namespace, name


class RootView(ReadView):
    @extend_schema(
        operation_id="root",
        responses=shapes.RootSerializer,
        description="Where each resource is; a page is at pages/<Namespace>/<Name>.",
    )
    def get(self, request):
        return Response(shapes.RootSerializer({k: links.api(v) for k, v in RESOURCES.items()}).data)


class PageView(ReadView):
    @extend_schema(
        operation_id="page",
        parameters=PAGE_PARAMETERS,
        responses={200: shapes.PageSerializer, **MOVED},
        description="A page, with its kind's own fields. A redirect, or another spelling of "
        "its name, answers 301 with the page's own address.",
    )
    def get(self, request, namespace, name):
        page, moved = _page_or_moved(namespace, name)
        return moved or Response(shapes.PageSerializer(pages.page(page)).data)


class PageListView(ReadView):
    @extend_schema(
        operation_id="pages",
        parameters=[OpenApiParameter("namespace", str, description="Main, Anime…"), *SCREEN],
        responses=shapes.PageScreenSerializer,
        description="Pages (not redirects) by address, of one namespace or of all.",
    )
    def get(self, request):
        namespace = request.query_params.get("namespace", "")
        if len(namespace) > 40:
            raise ValidationError({"namespace": "At most 40 letters."})
        items, after = pages.listing(request, namespace)
        return screen(shapes.PageScreenSerializer, items, after, request)


class WorkListView(ReadView):
    @extend_schema(
        operation_id="works",
        parameters=[OpenApiParameter("medium", str, description="Anime, Film…"), *SCREEN],
        responses=shapes.WorkScreenSerializer,
        description="Works by address, of one medium or of all.",
    )
    def get(self, request):
        medium = request.query_params.get("medium", "")
        if len(medium) > 40:
            raise ValidationError({"medium": "At most 40 letters."})
        items, after = pages.works(request, medium)
        return screen(shapes.WorkScreenSerializer, items, after, request)


class TropeListView(ReadView):
    @extend_schema(
        operation_id="tropes",
        parameters=[
            OpenApiParameter("kind", str, enum=Trope.Kind.values, description="Of one kind."),
            *SCREEN,
        ],
        responses=shapes.TropeScreenSerializer,
        description="Tropes by address, of one kind or of all.",
    )
    def get(self, request):
        kind = request.query_params.get("kind", "")
        if kind and kind not in Trope.Kind.values:
            raise ValidationError({"kind": f"One of {', '.join(Trope.Kind.values)}."})
        items, after = pages.tropes(request, kind)
        return screen(shapes.TropeScreenSerializer, items, after, request)


class ExampleListView(ReadView):
    @extend_schema(
        operation_id="examples",
        parameters=[
            OpenApiParameter("work", str, description="A work's Namespace/Name."),
            OpenApiParameter("trope", str, description="A trope's Namespace/Name."),
            *SCREEN,
        ],
        responses={200: shapes.ExampleScreenSerializer, 404: None},
        description="Examples by id: a work's, a trope's, one trope's in one work, or all.",
    )
    def get(self, request):
        work, trope = _filter_name(request, "work"), _filter_name(request, "trope")
        items, after = examples.screen(request, work, trope)
        return screen(shapes.ExampleScreenSerializer, items, after, request)


class ExampleView(ReadView):
    @extend_schema(operation_id="example", responses={200: shapes.ExampleSerializer, 404: None})
    def get(self, request, pk):
        return Response(shapes.ExampleSerializer(examples.one(pk)).data)


class SubpagesView(ReadView):
    @extend_schema(
        operation_id="subpages",
        parameters=PAGE_PARAMETERS,
        responses={200: shapes.SubpageSerializer(many=True), **MOVED},
        description="A work's subpages (of the work, or of one of its subpages).",
    )
    def get(self, request, namespace, name):
        page, moved = _page_or_moved(namespace, name, "subpages")
        if moved:
            return moved
        rows = pages.subpages(pages.work_of(page))
        return Response(shapes.SubpageSerializer(rows, many=True).data)


class CharactersView(ReadView):
    @extend_schema(
        operation_id="characters",
        parameters=[*PAGE_PARAMETERS, *SCREEN],
        responses={200: shapes.CharacterScreenSerializer, **MOVED},
        description="A work's characters in their order (of the work, or of one of its "
        "subpages), each with the tropes it has examples of.",
    )
    def get(self, request, namespace, name):
        page, moved = _page_or_moved(namespace, name, "characters")
        if moved:
            return moved
        items, after = pages.characters(request, pages.work_of(page))
        return screen(shapes.CharacterScreenSerializer, items, after, request)


class HistoryView(ReadView):
    @extend_schema(
        operation_id="history",
        parameters=[*PAGE_PARAMETERS, *TIMELINE],
        responses={200: shapes.EntryScreenSerializer, **MOVED},
        description="The page's revisions and those of everything shown on it, newest first.",
    )
    def get(self, request, namespace, name):
        page, moved = _page_or_moved(namespace, name, "history")
        if moved:
            return moved
        items, after = timelines.history(request, page)
        return screen(shapes.EntryScreenSerializer, items, after, request)


class RevisionView(ReadView):
    @extend_schema(
        operation_id="revision",
        parameters=[
            *PAGE_PARAMETERS,
            OpenApiParameter("revision_id", OpenApiTypes.INT, PATH),
        ],
        responses={200: shapes.RevisionSerializer, **MOVED},
        description="One revision of a page: its texts as they were.",
    )
    def get(self, request, namespace, name, revision_id):
        page, moved = _page_or_moved(namespace, name, f"revisions/{revision_id}")
        if moved:
            return moved
        return Response(shapes.RevisionSerializer(timelines.revision(page, revision_id)).data)


class ChangesView(ReadView):
    @extend_schema(
        operation_id="changes",
        parameters=[
            OpenApiParameter("namespace", str, description="Changes shown in one namespace."),
            OpenApiParameter("user", str, description="Changes by one member, by handle."),
            OpenApiParameter(
                "imported", str, description="Changes imported under one author's name."
            ),
            OpenApiParameter("kind", str, enum=list(timelines.revisions.CHANGE_KINDS)),
            *TIMELINE,
        ],
        responses=shapes.EntryScreenSerializer,
        description="The wiki's recent changes, newest first.",
    )
    def get(self, request):
        items, after = timelines.changes(request)
        return screen(shapes.EntryScreenSerializer, items, after, request)


class SearchView(ReadView):
    @extend_schema(
        operation_id="search",
        parameters=[
            OpenApiParameter("q", str, description="Words to find; -word leaves pages out."),
            OpenApiParameter("kind", str, description="Pages of one kind: work, trope…"),
            OpenApiParameter("namespace", str, description="Pages of one namespace."),
            OpenApiParameter("cursor", str, description="From the `next` of the screen before."),
            OpenApiParameter("limit", int, description="Results a screen, 1 to 50 (default 20)."),
        ],
        responses=shapes.SearchSerializer,
        description="Pages matching the words, best first, within the best thousand.",
    )
    def get(self, request):
        return Response(shapes.SearchSerializer(finding.results(request)).data)


class GoToView(ReadView):
    @extend_schema(
        operation_id="goto",
        parameters=[OpenApiParameter("q", str, description="The start of a title.")],
        responses=shapes.FoundSerializer(many=True),
        description="Go To suggestions: pages whose titles start with, contain or resemble "
        "the text, eight at most.",
    )
    def get(self, request):
        return Response(shapes.FoundSerializer(finding.suggestions(request), many=True).data)
