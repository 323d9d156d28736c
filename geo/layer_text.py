"""The text of a land-office layer: its encoding chosen (the user's choice, the file's own
declaration, or detection among UTF-8 and the Vietnamese legacy encodings, else a question),
decoded, normalised to NFC, and text saved as UTF-8 twice over repaired."""

from __future__ import annotations

import unicodedata

import pandas as pd

from geo.code_pages import ANSI, WESTERN, declared_encoding
from geo.encodings import (
    ENCODINGS,
    VIETNAMESE,
    decode,
    detect_encoding,
    score_encodings,
    undouble_utf8,
)
from geo.errors import InvalidParameter, UnknownEncoding, UnreadableLayer
from geo.sources import BYTE_TEXT, Source
from translations import _


def is_text(column: pd.Series) -> bool:
    return bool(column.dtype == object or pd.api.types.is_string_dtype(column))


def text_cells(frame: pd.DataFrame) -> list[bytes]:
    names = [str(c).encode(BYTE_TEXT) for c in frame.columns if c != "geometry"]
    return names + [
        v.encode(BYTE_TEXT)
        for c in frame.columns
        if c != "geometry"
        for v in frame[c].head(2000)
        if isinstance(v, str)
    ]


def decode_frame(frame: pd.DataFrame, encoding: str) -> pd.DataFrame:
    def fix(value: object) -> object:
        if not isinstance(value, str):
            return value
        try:
            return decode(value.encode(BYTE_TEXT), encoding)
        except UnicodeDecodeError as error:
            raise UnreadableLayer(
                _("The text “{text}” is not valid {encoding}; choose another encoding.").format(
                    text=value[:40], encoding=encoding.upper()
                )
            ) from error

    decoded = frame.rename(columns={c: fix(c) for c in frame.columns if c != "geometry"})
    for column in decoded.columns:
        if column != "geometry" and is_text(decoded[column]):
            decoded[column] = decoded[column].map(fix)
    return decoded


def nfc(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text in Unicode NFC (one code point per accented letter), column by column."""
    for column in frame.columns:
        series = frame[column]
        if column == "geometry" or not is_text(series):
            continue
        if pd.api.types.is_string_dtype(series) and series.dtype != object:
            # Only the texts with accents can change; finding them is one vectorised pass.
            accented = ~series.str.isascii().fillna(True).astype(bool)
            if accented.any():
                frame.loc[accented, column] = series[accented].str.normalize("NFC")
        else:
            frame[column] = series.map(
                lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else v
            )
    return frame


def _preview(raw: bytes, encoding: str) -> str:
    """How ``raw`` reads in ``encoding``; a byte the encoding cannot hold shows as "�"."""
    try:
        return decode(raw, encoding)
    except UnicodeDecodeError:
        return raw.decode(encoding, "replace")  # only Python's own codecs refuse a byte


def _label(encoding: str) -> str:
    return _("Windows ANSI (1252)") if encoding == ANSI else encoding.upper()


def choose_encoding(
    frame: pd.DataFrame, encoding: str | None, source: Source
) -> tuple[str, list[str]]:
    """The user's choice; else what the file declares (a MapInfo Charset or an older DXF's code
    page, a .cpg, then the DBF's code-page byte); else detection among UTF-8 and the Vietnamese
    encodings, or a question to the user."""
    if encoding is not None:
        if encoding not in ENCODINGS:
            raise InvalidParameter(
                _("Unknown text encoding “{encoding}”; choose one of: {known}.").format(
                    encoding=encoding, known=", ".join(ENCODINGS)
                )
            )
        return encoding, []
    raws = [r for r in text_cells(frame) if not r.isascii()]
    declared, where = declared_encoding(source.cpg, source.dbf_head, source.charset)
    if declared is not None and declared not in WESTERN:
        return declared, [_("Text read as {encoding}, as its {where} declares.").format(
            encoding=declared.upper(), where=where)]  # fmt: skip
    if not raws:
        return "utf-8", []
    if declared is not None:  # Windows ANSI or Western: also how TCVN3 and VNI fonts were typed
        western = "cp1252" if declared == ANSI else declared
        found = detect_encoding(raws, (*VIETNAMESE, western))
        scores = score_encodings(raws, (found, western))
        if found == western or scores.get(found, 0) <= max(0, scores.get(western, 0)):
            return western, [_("Text read as {encoding}, as its {where} declares.").format(
                encoding=western.upper(), where=where)]  # fmt: skip
        return found, [_("Its {where} declares {declared}, but the text reads as Vietnamese in "
                         "{encoding}: read as {encoding}.").format(
            where=where, declared=_label(declared), encoding=found.upper())]  # fmt: skip
    found = detect_encoding(raws)
    if found != "utf-8" and max(score_encodings(raws, (found,)).values(), default=0) <= 0:
        readings = "; ".join(
            f"{e.upper()}: “{_preview(raws[0], e)}”" for e in ("cp1252", *VIETNAMESE[1:])
        )
        raise UnknownEncoding(
            _("“{name}” does not say how its text is encoded, and it does not read as Vietnamese "
              "in any of the usual encodings: choose its encoding. The first text reads as: "
              "{readings}.").format(name=source.path.name, readings=readings)
        )  # fmt: skip
    return found, [_("Text read as {encoding} (detected).").format(encoding=found.upper())]


def undoubled(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Text saved as UTF-8 twice over ('Báº¿n Tre') is repaired, and the user told so."""
    for column in frame.columns:
        if column == "geometry" or not is_text(frame[column]):
            continue
        for value in frame[column].head(2000):
            if isinstance(value, str) and undouble_utf8(value) != value:
                example = (value, undouble_utf8(value))
                fixed = frame.copy()
                for name in fixed.columns:
                    if name != "geometry" and is_text(fixed[name]):
                        fixed[name] = fixed[name].map(
                            lambda v: undouble_utf8(v) if isinstance(v, str) else v
                        )
                return fixed, [_("The text had been saved as UTF-8 twice over; repaired (for "
                                 "example “{before}” → “{after}”).").format(
                    before=example[0], after=example[1])]  # fmt: skip
    return frame, []
