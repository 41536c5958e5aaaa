"""What tropes adds to the engine (wiki.kinds): work and trope pages, the revisions of
examples, the words its URLs take, and the links the engine's pages offer to them."""

import wiki.kinds
from tropes import character_list, new_pages, played, presenters, recaps, relations, trope_kinds
from tropes.forms import TropeFieldsForm, WorkFieldsForm
from tropes.launch import pages as launch_pages
from tropes.media import MEDIA
from tropes.models import (
    Example,
    Subpage,
    Trope,
    Work,
    example_revision_path,
    title_or_deleted,
    with_page_titles,
)
from tropes.subpages import creating, presenting
from tropes.subpages.family import LACONIC_NAMESPACE
from wiki import personal
from wiki.kinds import HistorySource, KindHooks, SiteLink
from wiki.models import MAIN, Page


def register():
    wiki.kinds.register(
        Trope.KIND,
        KindHooks(
            label="Trope",
            presenter=presenters.present_trope,
            related="trope",
            extra_form=TropeFieldsForm,
            skeleton=new_pages.TROPE_SKELETON,
            on_create=new_pages.new_trope,
            history=trope_history,
            namespaces=(MAIN,),
            search_texts=trope_search_texts,
            query={"sort": presenters.SORTS, "played": played.FILTERS},
            listed_on_indexes=True,
            badge=lambda trope: trope_kinds.icon(trope.kind),  # a YMMV or trivia trope's
            moves_with="examples",
        ),
    )
    wiki.kinds.register(
        Work.KIND,
        KindHooks(
            label="Work",
            presenter=presenters.present_work,
            related="work",
            extra_form=WorkFieldsForm,
            skeleton=new_pages.WORK_SKELETON,
            on_create=new_pages.new_work,
            history=work_history,
            namespaces=tuple(MEDIA),
            search_texts=work_search_texts,
            moves_with="examples",
        ),
    )
    wiki.kinds.register(
        Subpage.KIND,
        KindHooks(
            label="Subpage",
            presenter=presenting.present_subpage,
            related="subpage",
            skeleton=creating.SKELETON,
            # A Characters subpage's characters, in its history and what search reads.
            history=character_list.subpage_history,
            search_texts=character_list.subpage_search_texts,
        ),
    )
    # Examples' revisions first of the apps': a cursor in a link to a screen of changes names
    # each source by its place, and examples had the first place before the others came.
    wiki.kinds.register_changes(all_examples_source)
    # An installment's recap page, and what Characters and Recap subpages show.
    recaps.register()
    character_list.register()
    launch_pages.register()  # launch-pad drafts
    # The reader's votes, on pages kept for every member (wiki.personal).
    personal.register("vote", presenters.fill_vote)
    personal.register("vote_box", presenters.fill_vote_box)
    # /Laconic/<Name> shows works' and tropes' laconic fields: no page may live there.
    wiki.kinds.reserve("browse", "examples", "random", "repair", LACONIC_NAMESPACE)
    wiki.kinds.reserve("api")  # the read API: tropes.api
    wiki.kinds.register_creation("tropes:new_page")
    wiki.kinds.register_browse_link(SiteLink("the tropes", "wiki:namespace", (MAIN,)))
    wiki.kinds.register_browse_link(SiteLink("the media", "tropes:browse"))
    # A trope not written yet may be a draft there.
    wiki.kinds.register_browse_link(SiteLink("the launch pad's drafts", "tropes:launch_pad"))
    wiki.kinds.register_member_link(SiteLink("remove their votes", "tropes:purge_votes"))


def example_source(records, describe):
    # A revision names its trope and work: their pages' titles and addresses, not their texts.
    pages = ("trope__page", "work__page")
    return HistorySource(
        with_page_titles(records, *pages),
        "text",
        describe,
        link=lambda record: _url(record.work),
        revision_link=lambda record: example_revision_path(record.history_id),
        namespace_field="work__page__namespace",
        page_fields=("work_id", "trope_id"),
    )


def work_search_texts(pages):
    """Each work's laconic, and its examples with the trope they are examples of."""
    laconics = _laconics(pages, Work)
    return _example_texts(
        pages, "work_id", "trope__page__title", lambda page: laconics.get(page.pk, "")
    )


def trope_search_texts(pages):
    """Each trope's laconic, and its examples with the work they are in."""
    laconics = _laconics(pages, Trope)
    return _example_texts(
        pages, "trope_id", "work__page__title", lambda page: laconics.get(page.pk, "")
    )


def _laconics(pages, model):
    """{pk: laconic} of the pages' works or tropes (`model`): as read with the pages where
    they were (wiki.search.index_pages joins them), otherwise in one query."""
    if all(getattr(Page, model.KIND).is_cached(page) for page in pages):
        return {page.pk: getattr(getattr(page, model.KIND, None), "laconic", "") for page in pages}
    rows = model.objects.filter(pk__in=[page.pk for page in pages]).values_list("pk", "laconic")
    return dict(rows)


def _example_texts(pages, owner, other_title, summary):
    texts = {page.pk: [] for page in pages}
    # In the examples' order: the entry reads the same wherever its rows are stored.
    rows = (
        Example.objects.filter(**{f"{owner}__in": list(texts)})
        .order_by("pk")
        .values_list(owner, other_title, "search_text")
    )
    for page_id, title, text in rows:
        texts[page_id].append(f"{title}: {text}")
    return {page.pk: (summary(page), " ".join(texts[page.pk])) for page in pages}


def work_history(page):
    examples = Example.history.filter(work_id=page.pk)
    return [
        example_source(examples, lambda r: f"{title_or_deleted(r.trope)} in {page.title}"),
        HistorySource(Work.history.filter(page_id=page.pk), None, lambda r: "year"),
    ]


def trope_history(page):
    examples = Example.history.filter(trope_id=page.pk)
    return [
        example_source(examples, lambda r: f"{page.title} in {title_or_deleted(r.work)}"),
        HistorySource(
            Trope.history.filter(page_id=page.pk),
            "laconic",
            lambda r: f"laconic, kind ({r.get_kind_display()}) or examples rule",
        ),
        relations.trope_history(page),
    ]


def all_examples_source():
    return example_source(
        Example.history.all(),
        lambda r: f"example {title_or_deleted(r.trope)} in {title_or_deleted(r.work)}",
    )


def _url(related):
    return related.page.get_absolute_url() if related is not None else ""
