import pytest

from tests.factories import TropeFactory, WorkFactory


@pytest.fixture
def rouge(db):
    return WorkFactory(
        page__namespace="Anime", page__name="MetallicRouge", page__title="Metallic Rouge"
    )


@pytest.fixture
def big_eater(db):
    return TropeFactory(page__name="BigEater", page__title="Big Eater")
