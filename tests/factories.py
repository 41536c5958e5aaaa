import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from tropes.models import (
    LAUNCH_NAMESPACE,
    Character,
    Example,
    Installment,
    LaunchDraft,
    Trope,
    Work,
)
from wiki import kinds
from wiki.models import MAIN, Page


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery")
    email_confirmed = True


class PageFactory(DjangoModelFactory):
    class Meta:
        model = Page

    namespace = MAIN
    name = factory.Sequence(lambda n: f"SomePage{n}")
    title = factory.LazyAttribute(lambda page: page.name)
    kind = kinds.OTHER
    body = "A page about something."


class TropeFactory(DjangoModelFactory):
    class Meta:
        model = Trope

    page = factory.SubFactory(
        PageFactory,
        namespace=MAIN,
        name=factory.Sequence(lambda n: f"TropeNumber{n}"),
        title=factory.Sequence(lambda n: f"Trope Number {n}"),
        kind=Trope.KIND,
        body="A storytelling device.",
    )
    laconic = "A device in one line."


class WorkFactory(DjangoModelFactory):
    class Meta:
        model = Work

    page = factory.SubFactory(
        PageFactory,
        namespace="Anime",
        name=factory.Sequence(lambda n: f"ShowNumber{n}"),
        title=factory.Sequence(lambda n: f"Show Number {n}"),
        kind=Work.KIND,
        body="A show.",
    )
    year = 2024


class ExampleFactory(DjangoModelFactory):
    class Meta:
        model = Example

    trope = factory.SubFactory(TropeFactory)
    work = factory.SubFactory(WorkFactory)
    text = factory.Sequence(lambda n: f"Example text number {n}, with some context.")


class CharacterFactory(DjangoModelFactory):
    class Meta:
        model = Character

    work = factory.SubFactory(WorkFactory)
    folder = "Protagonists"
    name = factory.Sequence(lambda n: f"Character Number {n}")
    description = "Someone in the story."
    order = factory.Sequence(lambda n: n)


class InstallmentFactory(DjangoModelFactory):
    class Meta:
        model = Installment

    page = factory.SubFactory(
        PageFactory,
        namespace="Recap",
        name=factory.Sequence(lambda n: f"ShowEpisode{n}"),
        title=factory.Sequence(lambda n: f"Show: Episode {n}"),
        kind=Installment.KIND,
        body="What happens in the episode.",
    )
    work = factory.SubFactory(WorkFactory)
    number = factory.Sequence(lambda n: n + 1)
    label = factory.LazyAttribute(lambda installment: f"E{installment.number}")


class LaunchDraftFactory(DjangoModelFactory):
    """A draft on the launch pad, posted now: voting on it opens LAUNCH_VOTE_DELAY later."""

    class Meta:
        model = LaunchDraft

    page = factory.SubFactory(
        PageFactory,
        namespace=LAUNCH_NAMESPACE,
        name=factory.Sequence(lambda n: f"DraftTrope{n}"),
        title=factory.Sequence(lambda n: f"Draft Trope {n}"),
        kind=LaunchDraft.KIND,
        body="A trope being drafted.",
    )
    sponsor = factory.SubFactory(UserFactory)
    laconic = "A draft in one line."
