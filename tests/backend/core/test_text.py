import pytest

from backend.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đà Nẵng", "da nang"),
        ("Dế Mèn phiêu lưu ký", "de men phieu luu ky"),
        ("ĐẤT RỪNG  PHƯƠNG NAM", "dat rung phuong nam"),
        ("Trường THCS Lê Quý Đôn", "truong thcs le quy don"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_removes_diacritics_case_and_extra_spaces(text, folded):
    assert fold(text) == folded
