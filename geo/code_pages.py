"""What a shapefile says of its own text encoding: its .cpg file, else its DBF's code-page byte;
what a MapInfo table says: its Charset.

A declaration is honoured as given, with one exception of the field: a "Windows ANSI" or Western
European declaration (1252, Latin-1) is what Vietnamese TCVN3 (ABC) and VNI fonts were typed
through, so for those the Vietnamese readings are tried too (``geo.layers`` decides).
"""

from __future__ import annotations

import codecs
import re

ANSI = "ansi"  # "the system's ANSI code page": 1252 in the West, 1258 on a Vietnamese Windows
WESTERN = {ANSI, "cp1252", "latin-1"}
# DBF byte 29, the language driver id: the unambiguous ones (dBase / ESRI / GDAL tables).
LDID = {
    0x01: "cp437", 0x02: "cp850", 0x03: ANSI, 0x57: ANSI, 0x58: "cp1252", 0x59: "cp1252",
    0x64: "cp852", 0x65: "cp866", 0x66: "cp865", 0x67: "cp861", 0x6A: "cp737", 0x6B: "cp857",
    0x13: "cp932", 0x4D: "cp936", 0x4E: "cp949", 0x4F: "cp950", 0x50: "cp874",
    0x7D: "cp1255", 0x7E: "cp1256", 0xC8: "cp1250", 0xC9: "cp1251", 0xCA: "cp1254",
    0xCB: "cp1253", 0xCC: "cp1257",
}  # fmt: skip
_NUMBERED = {65001: "utf-8", 28591: "latin-1", 88591: "latin-1"}
# MapInfo's Charset names (lower case); "Neutral" declares nothing. WindowsLatin1 is what a
# Vietnamese office's TCVN3/VNI text was typed through, as Windows ANSI is for a DBF.
MAPINFO = {
    "windowsvietnamese": "cp1258", "windowslatin1": ANSI, "windowslatin2": "cp1250",
    "windowscyrillic": "cp1251", "windowsgreek": "cp1253", "windowsturkish": "cp1254",
    "windowsbalticrim": "cp1257", "windowsthai": "cp874", "codepage437": "cp437",
    "codepage850": "cp850", "codepage852": "cp852", "iso8859_1": "latin-1", "utf-8": "utf-8",
    "utf8": "utf-8",
}  # fmt: skip


def _python_name(name: str) -> str | None:
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    return {"iso8859-1": "latin-1", "utf-8": "utf-8"}.get(found, found)


def cpg_encoding(text: str) -> str | None:
    """The encoding a .cpg names ("UTF-8", "1250", "ANSI 1252", "ISO-8859-1" …); None if unknown."""
    name = text.strip().strip("\x00").upper()
    digits = re.fullmatch(r"(?:ANSI\s*|CP\s*|WINDOWS-)?(\d+)", name)
    if digits:
        number = int(digits.group(1))
        if number in _NUMBERED:
            return _NUMBERED[number]
        if 88592 <= number <= 885916:
            return _python_name(f"iso8859_{str(number)[4:]}")
        return _python_name(f"cp{number}")
    return _python_name(name.replace(" ", "")) if name else None


# An older DXF's $DWGCODEPAGE (lower case); ANSI_1252 is how TCVN3/VNI fonts were typed, as above.
DXF = {
    "ansi_1258": "cp1258", "ansi_1252": ANSI, "ansi_1250": "cp1250", "ansi_1251": "cp1251",
    "ansi_1253": "cp1253", "ansi_1254": "cp1254", "ansi_1257": "cp1257", "ansi_874": "cp874",
    "dos437": "cp437", "dos850": "cp850",
}  # fmt: skip


def declared_encoding(
    cpg: str | None, dbf_head: bytes | None, charset: str | None = None
) -> tuple[str | None, str]:
    """(encoding, where it is declared: ".cpg", "DBF", ".tab/.mif" or "DXF"), or (None, "")
    when nothing is said."""
    if charset is not None and (found := MAPINFO.get(charset.lower())):
        return found, ".tab/.mif"
    if charset is not None and (found := DXF.get(charset.lower())):
        return found, "DXF"
    if cpg is not None and (found := cpg_encoding(cpg)):
        return found, ".cpg"
    if dbf_head is not None and len(dbf_head) > 29 and dbf_head[29] in LDID:
        return LDID[dbf_head[29]], "DBF"
    return None, ""
