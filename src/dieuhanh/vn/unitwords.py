"""Which group a group mention names: the one rule for the schema's group labels.

"UBND các xã, thị trấn" → ``communes``; "các phòng", "các sở", "các phòng chuyên môn" → ``departments`` (they
name only specialised departments); "các sở, ban, ngành", "các ngành", "các cơ quan, đơn vị" → ``units`` (kinds
mixed, or sectors); "các cấp, các ngành", "cả hệ thống chính trị" → ``all``. Used by the registry's resolver
(``org/resolver.py``), the parser's mention reader (``textparse/units.py``) and the corpus conventions, so a
mention is labelled the same wherever it is read. Works on folded text (no diacritics, lower case).
"""

from __future__ import annotations

import re

COMMUNES, DEPARTMENTS, UNITS, ALL = "communes", "departments", "units", "all"

_KINDS_RE = re.compile(
    r"(?<!\w)(?:phong(?! chong)|so|ban|nganh|co quan|don vi|doan the|hoi|to chuc|doanh nghiep|cap uy)(?!\w)"
)
# The level below the issuer: communes of a district, districts of a province, villages of a commune; named as
# a group ("các xã", "cấp xã", "UBND 168 phường", "địa phương"), not as a locality after a name ("đoàn thể xã").
_LOCAL = (
    r"(?:xa(?! hoi)|phuong|thi tran|huyen|quan|thi xa|thanh pho|dac khu|tx|tt|thon|ap|khu pho|to dan pho|xom)"
)
_COMMUNE_RE = re.compile(
    rf"(?:(?<!\w)(?:cac|cap|tat ca|ubnd|uy ban nhan dan|[0-9]+)\s+|^){_LOCAL}(?!\w)|(?<!\w)dia phuong(?!\w)"
)
# "các cấp, các ngành" is everyone; "cấp tỉnh", "cấp xã" after a name is the level of the units named
_CAP = r"(?<!\w)cap(?!\w)(?!\s+(?:tinh|huyen|xa|thanh pho|quan|phuong|thi xa|co so|tren)(?!\w))"
_ALL_RE = re.compile(
    rf"{_CAP}.*(?:nganh|chinh quyen)|nganh.*{_CAP}|chinh quyen cac cap|he thong chinh tri|^cac cap$"
)
_SECTORS = frozenset({"nganh", "co quan", "so", "phong", "cap uy", "doan the"})


def group_key(folded: str) -> str:
    """The group label of a folded group mention ('cac so ban nganh' -> 'units')."""
    text = " ".join(folded.replace(",", " ").replace("-", " ").split())
    if _ALL_RE.search(text):
        return ALL
    kinds = set(_KINDS_RE.findall(text))
    if _COMMUNE_RE.search(text):
        # sectors and localities addressed together ("các ngành, địa phương") are everyone
        return ALL if kinds & _SECTORS else COMMUNES
    if kinds in ({"phong"}, {"so"}):
        return DEPARTMENTS
    return UNITS
