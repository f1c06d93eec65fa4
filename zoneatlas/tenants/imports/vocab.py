"""The words project and lease files use for statuses, land uses and environmental groups, in English and Vietnamese.

Words are compared folded, as in a zone file: "Đang hoạt động", "đang hoạt động" and "dang hoat dong" are the
same word. Each value is accepted as itself, as its English or Vietnamese label, or as one of the words listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation

from zoneatlas.tenants.choices import EnvironmentalCategory, LandUse, LeaseStatus, ProjectStatus
from zoneatlas.zones.imports.vocab import fold


def _table(choices: Iterable[tuple[str, Any]], extra: dict[str, Iterable[str]]) -> dict[str, str]:
    """Folded word → choice value, from the values, their labels in English and Vietnamese, and the extra words."""
    table: dict[str, str] = {}
    for value, label in choices:
        table[fold(value)] = value
        for language in ("en", "vi"):
            with translation.override(language):
                table.setdefault(fold(str(label)), value)
    for value, words in extra.items():
        for word in words:
            table[fold(word)] = value
    return table


PROJECT_STATUSES = _table(
    ProjectStatus.choices,
    {
        ProjectStatus.REGISTERED: ["đăng ký", "đã đăng ký", "đăng ký đầu tư", "cấp mới", "mới đăng ký"],
        ProjectStatus.APPROVED: [
            "đã cấp phép",
            "cấp phép",
            "được cấp phép",
            "đã chấp thuận",
            "chấp thuận chủ trương đầu tư",
            "licensed",
            "approved",
        ],
        ProjectStatus.UNDER_CONSTRUCTION: ["đang xây dựng", "đang thi công", "xây dựng", "đang triển khai"],
        ProjectStatus.OPERATING: [
            "đang hoạt động",
            "hoạt động",
            "đi vào hoạt động",
            "đã đi vào hoạt động",
            "đang sản xuất",
            "đang vận hành",
        ],
        ProjectStatus.SUSPENDED: ["tạm ngừng", "tạm ngừng hoạt động", "tạm dừng", "ngừng hoạt động", "giãn tiến độ"],
        ProjectStatus.TERMINATED: ["chấm dứt", "chấm dứt hoạt động", "đã chấm dứt", "thu hồi", "giải thể"],
    },
)

LEASE_STATUSES = _table(
    LeaseStatus.choices,
    {
        LeaseStatus.COMMITTED: ["đã chấp thuận", "chấp thuận", "cam kết", "đã phê duyệt", "committed"],
        LeaseStatus.SIGNED: ["đã ký", "đã ký hợp đồng", "ký hợp đồng", "đang thuê", "signed"],
        LeaseStatus.HANDED_OVER: ["đã bàn giao", "bàn giao", "đã bàn giao đất", "handed over"],
        LeaseStatus.IDLE: ["bỏ trống", "bỏ hoang", "chưa sử dụng", "không sử dụng", "để trống"],
        LeaseStatus.TERMINATED: ["đã chấm dứt", "chấm dứt", "thu hồi", "đã thu hồi", "thanh lý", "đã thanh lý"],
    },
)

LAND_USES = _table(
    LandUse.choices,
    {
        LandUse.INDUSTRIAL: ["đất công nghiệp", "công nghiệp", "đất sản xuất", "CN", "industrial"],
        LandUse.SERVICE: ["đất dịch vụ", "dịch vụ", "đất thương mại dịch vụ", "DV", "service"],
    },
)

ENVIRONMENTAL_CATEGORIES = _table(
    EnvironmentalCategory.choices,
    {
        category: [f"nhóm {category}", f"group {category}", str(number)]
        for number, category in enumerate(EnvironmentalCategory.values, start=1)
    },
)

VSIC_VERSION_WORDS = {
    fold(word): version for version in ("2018", "2025") for word in (version, f"VSIC {version}", f"VSIC{version}")
}
