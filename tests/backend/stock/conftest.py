import pytest

from backend.stock.services import collection_create
from tests.backend.factories import CopyFactory, ReaderFactory, rotatable_copies


@pytest.fixture
def copies(depot):
    return [CopyFactory(library=depot) for _ in range(5)]


@pytest.fixture
def reader(db):
    return ReaderFactory()


@pytest.fixture
def collection(depot):
    members = rotatable_copies(depot, 12)
    return collection_create(
        code="LC-TN-01",
        name="Tủ sách thiếu nhi 01",
        library=depot,
        reading_level="children",
        box_labels=["Thùng 1", "Thùng 2", "Thùng 3"],
        copies=members,
    )
