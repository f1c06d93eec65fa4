"""An investor's country of origin: an ISO 3166-1 alpha-2 code, or the name of a common investor country.

Any assigned alpha-2 code is accepted (held here, so that an import needs no network or extra package). Names
are accepted, in Vietnamese and English, for the countries that invest in Vietnam's zones most often.
"""

from __future__ import annotations

from zoneatlas.zones.imports.vocab import fold

# The 249 officially assigned ISO 3166-1 alpha-2 codes.
ISO_3166_ALPHA2 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
    BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI
    FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN
    IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
    MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF
    PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE
    YT ZA ZM ZW
    """.split()  # noqa: SIM905 (a block of codes reads better than a list of strings)
)

# Code → names a file may write: Vietnamese first, then English and common variants.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "VN": ("Việt Nam", "Vietnam", "Viet Nam", "VNM"),
    "KR": ("Hàn Quốc", "South Korea", "Korea", "Republic of Korea", "Đại Hàn Dân Quốc", "KOR"),
    "JP": ("Nhật Bản", "Japan", "Nhật", "JPN"),
    "CN": ("Trung Quốc", "China", "Cộng hòa Nhân dân Trung Hoa", "CHN"),
    "TW": ("Đài Loan", "Taiwan", "Đài Loan (Trung Quốc)", "TWN"),
    "SG": ("Singapore", "Xin-ga-po", "SGP"),
    "US": ("Hoa Kỳ", "Mỹ", "United States", "USA", "United States of America"),
    "HK": ("Hồng Kông", "Hong Kong", "Hồng Kông (Trung Quốc)", "HKG"),
    "TH": ("Thái Lan", "Thailand", "THA"),
    "MY": ("Malaysia", "Ma-lai-xi-a", "MYS"),
    "DE": ("Đức", "Germany", "CHLB Đức", "DEU"),
    "FR": ("Pháp", "France", "FRA"),
    "GB": ("Anh", "Vương quốc Anh", "United Kingdom", "UK", "Great Britain", "GBR"),
    "NL": ("Hà Lan", "Netherlands", "The Netherlands", "Holland", "NLD"),
    "AU": ("Úc", "Australia", "Ô-xtrây-li-a", "AUS"),
    "IN": ("Ấn Độ", "India", "IND"),
    "ID": ("Indonesia", "In-đô-nê-xi-a", "IDN"),
    "PH": ("Philippines", "Phi-líp-pin", "PHL"),
    "CA": ("Canada", "Ca-na-đa", "CAN"),
    "IT": ("Ý", "Italia", "Italy", "ITA"),
    "CH": ("Thụy Sĩ", "Switzerland", "CHE"),
    "SE": ("Thụy Điển", "Sweden", "SWE"),
    "DK": ("Đan Mạch", "Denmark", "DNK"),
    "BE": ("Bỉ", "Belgium", "BEL"),
    "ES": ("Tây Ban Nha", "Spain", "ESP"),
    "RU": ("Nga", "Liên bang Nga", "Russia", "Russian Federation", "RUS"),
    "NZ": ("New Zealand", "Niu Di-lân", "NZL"),
    "LA": ("Lào", "Laos", "Lao PDR", "LAO"),
    "KH": ("Campuchia", "Cambodia", "KHM"),
    "MO": ("Ma Cao", "Macao", "Macau", "MAC"),
    "VG": ("Quần đảo Virgin thuộc Anh", "British Virgin Islands", "BVI"),
    "KY": ("Quần đảo Cayman", "Cayman Islands", "CYM"),
    "WS": ("Samoa", "WSM"),
    "LU": ("Luxembourg", "Lúc-xăm-bua", "LUX"),
    "IL": ("Israel", "ISR"),
    "TR": ("Thổ Nhĩ Kỳ", "Turkey", "Türkiye", "TUR"),
    "AE": ("Các Tiểu vương quốc Ả Rập Thống nhất", "United Arab Emirates", "UAE", "ARE"),
}

_BY_NAME: dict[str, str] = {fold(name): code for code, names in COUNTRY_NAMES.items() for name in names}


def country_code(text: str) -> str | None:
    """The alpha-2 code a cell names ("KR", "kr", "Hàn Quốc", "South Korea"), or None when it names none."""
    written = text.strip()
    if len(written) == 2 and written.upper() in ISO_3166_ALPHA2:
        return written.upper()
    return _BY_NAME.get(fold(written))
