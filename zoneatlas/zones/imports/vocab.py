"""The words import files use for kinds, statuses and yes/no, in English and Vietnamese.

Every word is compared folded (lowercase, no diacritics, no spaces or punctuation), so "Đang hoạt động",
"đang hoạt động" and "dang hoat dong" are the same word.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.utils import translation

from zoneatlas.zones.choices import DeveloperType, LocationPrecision, WastewaterPlantStatus, ZoneKind, ZoneStatus

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, diacritics removed (đ → d), only letters and digits kept."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_ALNUM.sub("", plain.lower())


def _table(choices: Iterable[tuple[str, Any]], extra: dict[str, Iterable[str]]) -> dict[str, str]:
    """Folded word → choice value, from the values, their labels in English and Vietnamese, and the extra words."""
    table: dict[str, str] = {}
    values = set()
    for value, label in choices:
        values.add(value)
        table[fold(value)] = value
        for language in ("en", "vi"):
            with translation.override(language):
                table.setdefault(fold(str(label)), value)
    for value, words in extra.items():
        if value in values:  # a vocabulary may name a choice a given version of the model does not have
            for word in words:
                table[fold(word)] = value
    return table


KINDS = _table(
    ZoneKind.choices,
    {
        "park": ["KCN", "khu công nghiệp", "park", "IP"],
        "cluster": ["CCN", "cụm công nghiệp", "cluster", "IC"],
        "economic_zone": ["KKT", "khu kinh tế", "khu kinh tế cửa khẩu", "khu kinh tế ven biển", "EZ"],
    },
)

# Name prefixes that say the kind when the kind column is empty ("Cụm công nghiệp Phú Thành II").
KIND_NAME_PREFIXES: tuple[tuple[str, str], ...] = (
    ("cumcongnghiep", "cluster"),
    ("ccn", "cluster"),
    ("khucongnghiep", "park"),
    ("kcn", "park"),
    ("khukinhte", "economic_zone"),
    ("kkt", "economic_zone"),
)

STATUSES = _table(
    ZoneStatus.choices,
    {
        "proposed": ["đề xuất", "đề xuất bổ sung quy hoạch", "dự kiến bổ sung quy hoạch", "đề xuất bổ sung"],
        "planned": ["quy hoạch", "trong quy hoạch", "đã quy hoạch", "có trong quy hoạch", "được quy hoạch"],
        "dossier": [
            "hồ sơ",
            "lập hồ sơ",
            "đang lập hồ sơ",
            "thẩm định",
            "đang thẩm định",
            "lựa chọn chủ đầu tư",
            "đang lựa chọn chủ đầu tư",
        ],
        "established": ["đã thành lập", "thành lập", "có quyết định thành lập", "mở rộng đã thành lập"],
        "detailed_plan_approved": [
            "đã phê duyệt quy hoạch chi tiết",
            "phê duyệt quy hoạch chi tiết",
            "đã duyệt quy hoạch chi tiết",
        ],
        "infra_project_approved": [
            "đã phê duyệt dự án hạ tầng",
            "phê duyệt dự án hạ tầng",
            "đã phê duyệt dự án đầu tư hạ tầng",
            "đã phê duyệt dự án đầu tư xây dựng hạ tầng",
        ],
        "site_clearance": ["giải phóng mặt bằng", "đang giải phóng mặt bằng", "bồi thường giải phóng mặt bằng"],
        "under_construction": [
            "đang xây dựng",
            "đang xây dựng hạ tầng",
            "đang thi công",
            "đang đầu tư xây dựng",
            "đang đầu tư",
        ],
        "operating": ["đang hoạt động", "hoạt động", "đi vào hoạt động", "đã đi vào hoạt động", "đang vận hành"],
        "expanded": ["mở rộng", "đã mở rộng"],
        "adjusted": ["điều chỉnh", "đã điều chỉnh"],
        "stalled": ["chậm triển khai", "chưa triển khai", "đình trệ", "chậm tiến độ", "chưa đầu tư", "dừng triển khai"],
        "operating_not_established": [
            "hoạt động chưa thành lập",
            "đang hoạt động chưa thành lập",
            "đã hoạt động nhưng chưa thành lập",
            "hình thành trước 2009 chưa thành lập",
        ],
        "annulled": ["bãi bỏ", "hủy bỏ", "đã hủy", "đã bãi bỏ", "thu hồi quyết định thành lập"],
        "removed_from_plan": ["đưa ra khỏi quy hoạch", "loại khỏi quy hoạch", "đã đưa ra khỏi quy hoạch"],
    },
)

WASTEWATER_STATUSES = _table(
    WastewaterPlantStatus.choices,
    {
        "none": ["không có", "không", "chưa có", "chưa xây dựng", "0", "no"],
        "planned": ["quy hoạch", "dự kiến", "đã có quy hoạch"],
        "under_construction": ["đang xây dựng", "đang thi công", "đang đầu tư"],
        "completed": ["đã xây dựng", "hoàn thành", "đã hoàn thành", "có", "1", "yes", "built"],
        "operating": ["đang hoạt động", "hoạt động", "đang vận hành", "vận hành"],
    },
)

DEVELOPER_TYPES = _table(
    DeveloperType.choices,
    {
        "enterprise": ["doanh nghiệp", "DN", "công ty"],
        "organisation": ["tổ chức", "đơn vị sự nghiệp", "đơn vị sự nghiệp công lập", "organization", "public"],
        "state_budget": ["ngân sách", "ngân sách nhà nước", "NSNN", "state"],
        "unknown": ["không rõ", "chưa rõ", "chưa có"],
    },
)

LOCATION_PRECISIONS = _table(
    LocationPrecision.choices,
    {
        "exact": ["chính xác", "tọa độ", "toạ độ"],
        "commune": ["xã", "trung tâm xã"],
        "district": ["huyện", "trung tâm huyện"],
        "province": ["tỉnh", "trung tâm tỉnh"],
    },
)

YES = frozenset(fold(word) for word in ["1", "true", "yes", "y", "x", "có", "đạt", "đúng"])
NO = frozenset(fold(word) for word in ["0", "false", "no", "n", "không", "không đạt", "sai", "chưa đạt"])


def kind_from_name(name: str) -> str | None:
    """The kind a zone's name states ("Cụm công nghiệp ..." is a cluster), or None."""
    folded = fold(name)
    for prefix, kind in KIND_NAME_PREFIXES:
        if folded.startswith(prefix):
            return kind
    return None
