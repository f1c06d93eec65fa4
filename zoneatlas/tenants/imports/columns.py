"""The columns of project, lease and exchange-rate files, in Vietnamese and English, and what each holds.

A header finds its column tolerantly, as in a zone file: case, diacritics, spaces and punctuation do not
matter, and a unit in brackets may be left out ("Tỷ giá (VND)", "ty gia", "vnd_per_unit"). The header as
written is compared first, so "Tên dự án (tiếng Anh)" is the English name, not the name. The templates
write ``vi`` as the header and ``key`` (the English name) in the row below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zoneatlas.zones.imports.vocab import fold

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass(frozen=True)
class Column:
    """One column: its English name (``key``), the Vietnamese header the template writes, other names, help."""

    key: str
    vi: str
    aliases: tuple[str, ...]
    meaning: Promise
    form: Promise
    required: bool = False

    @property
    def label(self) -> str:
        """How a message names a missing column: the template's header and the English name."""
        return f"{self.vi} / {self.key}"


class ColumnSet:
    """The columns of one kind of file, and the column a header as written stands for."""

    def __init__(self, columns: tuple[Column, ...]) -> None:
        self.columns = {column.key: column for column in columns}
        self._aliases: dict[str, str] = {}
        names = [(column.key, name) for column in columns for name in (column.key, column.vi, *column.aliases)]
        for key, name in names:
            self._aliases.setdefault(fold(name), key)
        for key, name in names:
            stripped = fold(_BRACKETED.sub("", name))
            if stripped:
                self._aliases.setdefault(stripped, key)

    def __call__(self, header: str) -> str | None:
        found = self._aliases.get(fold(header))
        if found is None:
            stripped = fold(_BRACKETED.sub("", str(header)))
            found = self._aliases.get(stripped) if stripped else None
        return found

    def __iter__(self) -> Iterator[Column]:
        return iter(self.columns.values())

    def label(self, key: str) -> str:
        return self.columns[key].label


ZONE_COLUMNS = (
    Column(
        "zone_code",
        "Mã khu/cụm",
        ("zone code", "mã KCN/CCN", "mã khu", "mã cụm", "mã khu, cụm"),
        _("The code of the zone (park or cluster) in ZoneAtlas. Give it, or the zone's name and province."),
        _("code, e.g. KCN-20-0001"),
    ),
    Column(
        "zone",
        "Tên khu/cụm",
        ("zone name", "khu/cụm công nghiệp", "khu, cụm công nghiệp", "tên KCN/CCN", "KCN/CCN", "tên khu", "tên cụm"),
        _("The zone's name, when the code is not given; found among the zones of the province."),
        _("text, e.g. Cụm công nghiệp Phú Thành II"),
    ),
    Column(
        "province",
        "Tỉnh",
        ("tỉnh/thành phố", "tỉnh, thành phố", "province name"),
        _("The zone's province (today's, or one from before 1 July 2025), with the zone's name."),
        _("name, e.g. Phú Thọ"),
    ),
)

PROJECT_COLUMNS = ColumnSet(
    (
        *ZONE_COLUMNS,
        Column(
            "investor",
            "Nhà đầu tư",
            ("investor name", "tên nhà đầu tư", "tên doanh nghiệp", "doanh nghiệp"),
            _("The investor (enterprise or person). Investors are matched by tax code."),
            _("text"),
            required=True,
        ),
        Column(
            "investor_tax_code",
            "Mã số thuế",
            ("MST", "tax code", "mã số doanh nghiệp", "mã số thuế nhà đầu tư"),
            _("The investor's tax code; its check digit is verified."),
            _("10 digits, 10 digits-3 digits for a branch, or a 12-digit personal ID"),
        ),
        Column(
            "investor_country",
            "Quốc gia",
            ("country", "country of origin", "quốc tịch", "quốc gia/vùng lãnh thổ", "nước", "nước đầu tư"),
            _("The investor's country of origin. Empty means Việt Nam."),
            _("ISO code (VN, KR, JP) or a name: Việt Nam, Hàn Quốc, Nhật Bản, Trung Quốc, Đài Loan, Singapore…"),
        ),
        Column(
            "foreign_ownership_pct",
            "Tỷ lệ sở hữu nước ngoài (%)",
            ("foreign ownership", "sở hữu nước ngoài", "tỷ lệ vốn nước ngoài"),
            _("The share of the investor held by foreign owners."),
            _("% (0–100)"),
        ),
        Column(
            "name",
            "Tên dự án",
            ("project", "project name", "dự án", "tên dự án đầu tư"),
            _("The project's name."),
            _("text"),
            required=True,
        ),
        Column(
            "name_en",
            "Tên dự án (tiếng Anh)",
            ("project name (English)", "project_name_en", "English name"),
            _("The project's name in English."),
            _("text"),
        ),
        Column(
            "vsic_version",
            "Phiên bản VSIC",
            ("VSIC version", "hệ thống ngành VSIC", "năm VSIC"),
            _("Which classification the sector code belongs to."),
            _("2018 or 2025"),
        ),
        Column(
            "vsic_code",
            "Mã ngành VSIC",
            ("VSIC code", "mã ngành", "VSIC", "sector code", "mã ngành kinh tế"),
            _("The project's sector in the Vietnamese standard industrial classification."),
            _("2 to 5 digits, e.g. 2599"),
        ),
        Column(
            "status",
            "Trạng thái",
            ("tình trạng", "tình trạng dự án", "project status"),
            _("Where the project stands, from the date in the next column."),
            _(
                "registered/đã đăng ký, approved/đã cấp phép, under_construction/đang xây dựng, "
                "operating/đang hoạt động, suspended/tạm ngừng, terminated/chấm dứt"
            ),
        ),
        Column(
            "status_date",
            "Ngày trạng thái",
            ("status since", "ngày hiệu lực", "ngày chuyển trạng thái"),
            _("The date from which the status applies. Required with a status."),
            _("date, e.g. 30/06/2024"),
        ),
        Column(
            "certificate_number",
            "Số GCNĐKĐT",
            (
                "certificate",
                "certificate number",
                "IRC",
                "số giấy chứng nhận đăng ký đầu tư",
                "giấy chứng nhận đăng ký đầu tư",
                "số giấy chứng nhận",
            ),
            _("The investment registration certificate. A project is matched by it: the same number updates it."),
            _("text, at most 40 characters"),
        ),
        Column(
            "certificate_date",
            "Ngày cấp GCNĐKĐT",
            ("certificate date", "ngày cấp", "ngày cấp giấy chứng nhận"),
            _("The certificate's date: the project is registered on it, and capital converts at it by default."),
            _("date"),
        ),
        Column(
            "registered_capital",
            "Vốn đăng ký",
            ("registered capital", "vốn đầu tư đăng ký", "tổng vốn đầu tư đăng ký", "tổng vốn đầu tư"),
            _("The registered capital as the certificate states it."),
            _("amount, e.g. 1.400 tỷ, 56,3 triệu USD"),
        ),
        Column(
            "registered_currency",
            "Đơn vị tiền vốn đăng ký",
            ("registered capital currency", "registered currency", "tiền tệ vốn đăng ký"),
            _("The currency of the registered capital, unless the amount says it."),
            _("ISO 4217 code: VND, USD, JPY, KRW…"),
        ),
        Column(
            "registered_rate_date",
            "Ngày tỷ giá vốn đăng ký",
            ("registered capital rate date", "registered rate date"),
            _("The day whose exchange rate converts the registered capital (default: the certificate date)."),
            _("date"),
        ),
        Column(
            "disbursed_capital",
            "Vốn đã giải ngân",
            ("disbursed capital", "vốn thực hiện", "vốn đã thực hiện", "vốn giải ngân", "vốn đầu tư thực hiện"),
            _("The capital disbursed so far."),
            _("amount"),
        ),
        Column(
            "disbursed_currency",
            "Đơn vị tiền vốn đã giải ngân",
            ("disbursed capital currency", "disbursed currency", "tiền tệ vốn giải ngân"),
            _("The currency of the disbursed capital, unless the amount says it."),
            _("ISO 4217 code"),
        ),
        Column(
            "disbursed_as_of",
            "Giải ngân đến ngày",
            ("disbursed as of", "vốn giải ngân đến ngày", "ngày số liệu giải ngân"),
            _("The day the disbursed capital was reported."),
            _("date"),
        ),
        Column(
            "disbursed_rate_date",
            "Ngày tỷ giá vốn đã giải ngân",
            ("disbursed capital rate date", "disbursed rate date"),
            _("The day whose rate converts the disbursed capital (default: the day reported, else the certificate)."),
            _("date"),
        ),
        Column(
            "disbursed_note",
            "Ghi chú giải ngân",
            ("disbursement note", "disbursed note"),
            _("Why more was disbursed than registered: required in that case."),
            _("text"),
        ),
        Column(
            "land_area_ha",
            "Diện tích đất (ha)",
            ("land area", "diện tích đất thuê", "diện tích đất sử dụng", "diện tích"),
            _("The land the project uses."),
            _("ha"),
        ),
        Column(
            "planned_jobs",
            "Lao động dự kiến",
            ("planned jobs", "số lao động dự kiến"),
            _("The jobs the project plans."),
            _("whole number"),
        ),
        Column(
            "actual_jobs",
            "Lao động thực tế",
            ("actual jobs", "workers", "số lao động", "số lao động thực tế"),
            _("The people the project employs."),
            _("whole number"),
        ),
        Column(
            "local_workers",
            "Lao động địa phương",
            ("local workers", "số lao động địa phương"),
            _("Of the people employed, those from the province. Not more than the actual jobs."),
            _("whole number"),
        ),
        Column(
            "jobs_as_of",
            "Lao động tính đến ngày",
            ("jobs as of", "ngày số liệu lao động"),
            _("The day of the job figures."),
            _("date"),
        ),
        Column(
            "environmental_category",
            "Nhóm môi trường",
            ("environmental category", "phân loại môi trường", "nhóm dự án theo môi trường"),
            _("The project's group by environmental risk (Law on Environmental Protection 2020, Art. 28)."),
            _("I, II, III or IV"),
        ),
        Column(
            "technology_note",
            "Công nghệ",
            ("technology", "technology note", "công nghệ sử dụng", "ghi chú công nghệ"),
            _("The technology the project uses."),
            _("text"),
        ),
        Column("note", "Ghi chú", ("notes", "note"), _("Notes."), _("text")),
    )
)

LEASE_COLUMNS = ColumnSet(
    (
        *ZONE_COLUMNS,
        Column(
            "plot",
            "Lô đất",
            ("plot", "plot reference", "lô", "số lô", "ký hiệu lô", "ký hiệu lô đất"),
            _("The plot's reference in the zone's detailed plan. A lease is matched by zone, plot and start date."),
            _("text, e.g. CN-03"),
            required=True,
        ),
        Column(
            "land_use",
            "Loại đất",
            ("land use", "mục đích sử dụng đất", "loại đất thuê"),
            _("Industrial land counts towards occupancy; service land does not. Empty means industrial."),
            _("industrial/đất công nghiệp, service/đất dịch vụ"),
        ),
        Column(
            "area_ha",
            "Diện tích (ha)",
            ("area", "leased area", "diện tích thuê", "diện tích đất thuê"),
            _("The plot's area; more than 0."),
            _("ha"),
            required=True,
        ),
        Column(
            "start_date",
            "Ngày bắt đầu",
            ("start date", "từ ngày", "ngày thuê", "ngày bắt đầu thuê"),
            _("The day the lease starts (for committed land, the day of the approval that committed it)."),
            _("date"),
            required=True,
        ),
        Column(
            "end_date",
            "Ngày kết thúc",
            ("end date", "đến ngày", "ngày hết hạn", "ngày kết thúc thuê"),
            _("The day the lease ends; empty when open-ended."),
            _("date"),
        ),
        Column(
            "status",
            "Trạng thái",
            ("tình trạng", "lease status"),
            _("Where the lease stands. Empty means signed."),
            _("committed/đã chấp thuận, signed/đã ký, handed_over/đã bàn giao, idle/bỏ trống, terminated/đã chấm dứt"),
        ),
        Column(
            "terminated_on",
            "Ngày chấm dứt",
            ("terminated on", "ngày thanh lý", "ngày chấm dứt hợp đồng"),
            _("The day the lease was terminated; required for a terminated lease."),
            _("date"),
        ),
        Column(
            "certificate_number",
            "Số GCNĐKĐT của dự án",
            ("project certificate", "project certificate number", "certificate number", "certificate", "số GCNĐKĐT"),
            _("The certificate number of the project the land is leased to (a project already imported)."),
            _("text"),
        ),
        Column("note", "Ghi chú", ("notes", "note"), _("Notes."), _("text")),
    )
)

RATE_COLUMNS = ColumnSet(
    (
        Column(
            "currency",
            "Tiền tệ",
            ("currency", "loại tiền", "mã tiền tệ", "ngoại tệ", "đơn vị tiền"),
            _("The currency the rate converts from (not VND)."),
            _("ISO 4217 code: USD, JPY, KRW, EUR…"),
            required=True,
        ),
        Column(
            "valid_from",
            "Từ ngày",
            ("valid from", "ngày áp dụng", "ngày hiệu lực", "date"),
            _("The first day of the rate. One rate per currency and day: the same day again updates it."),
            _("date"),
            required=True,
        ),
        Column(
            "vnd_per_unit",
            "Tỷ giá (VND)",
            ("rate", "VND per unit", "tỷ giá", "tỉ giá", "tỷ giá VND"),
            _("How many dong one unit of the currency is worth; more than 0."),
            _("number, e.g. 24.867 or 25.450,5"),
            required=True,
        ),
        Column(
            "valid_to",
            "Đến ngày",
            ("valid to", "ngày hết hiệu lực"),
            _("The last day of the rate. Empty: until the next rate, for at most the configured number of days."),
            _("date"),
        ),
        Column(
            "source",
            "Nguồn",
            ("source", "nguồn tỷ giá"),
            _("Where the rate comes from."),
            _("text, e.g. Ngân hàng Nhà nước Việt Nam, tỷ giá trung tâm"),
        ),
        Column("note", "Ghi chú", ("notes", "note"), _("Notes."), _("text")),
    )
)
