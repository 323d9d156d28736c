"""Vietnamese text in old land-office files: UTF-8, CP1258, TCVN3 (ABC) and VNI, detected and decoded.

Python has a CP1258 codec but none for TCVN3 or VNI, so those are byte tables here. Everything decoded is
normalised to Unicode NFC. Detection scores each candidate decoding by how much of it reads as valid
Vietnamese syllables (at most one tone mark per syllable, no stray symbols).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

VIETNAMESE = ("utf-8", "cp1258", "tcvn3", "vni")
# What a user may choose: the Vietnamese ones, then the common code pages of files from elsewhere.
ENCODINGS = (*VIETNAMESE, "cp1252", "latin-1", "cp1250", "cp1251", "cp1254", "cp437", "cp850")
# On a tie, the more common in old cadastral files wins: TCVN3 (ABC fonts of Famis/MicroStation era).
_LEGACY_BY_PRIOR = ("tcvn3", "vni", "cp1258")

# TCVN3 (ABC): one byte per lower-case letter; upper case came from separate fonts, so it reads as lower.
_TCVN3_BYTES = (
    "µ¸¶·¹" "¨»¾¼½Æ" "©ÇÊÈÉË" "®" "ÌÐÎÏÑ" "ªÒÕÓÔÖ" "×ÝØÜÞ" "ßãáâä" "«åèæçé" "¬êíëìî"
    "ïóñòô" "\xadõøö÷ù" "úýûüþ" "¡¢§£¤¥¦"
)  # fmt: skip
_TCVN3_TEXT = (
    "àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ"
    "ùúủũụ" "ưừứửữự" "ỳýỷỹỵ" "ĂÂĐÊÔƠƯ"
)  # fmt: skip
_TCVN3 = str.maketrans(dict(zip(_TCVN3_BYTES, _TCVN3_TEXT, strict=True)))

# VNI: a base letter followed by bytes for its marks (read as Latin-1 characters here).
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_TONES = {"ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_AFTER_VOWEL = {  # only after a / e / o
    "â": _CIRC, "á": _CIRC + _ACUTE, "à": _CIRC + _GRAVE, "å": _CIRC + _HOOK, "ã": _CIRC + _TILDE,
    "ä": _CIRC + _DOT, "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE,
    "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_LETTERS = {
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
}


def _with_upper(table: dict[str, str]) -> dict[str, str]:
    return {**table, **{k.upper(): v.upper() for k, v in table.items()}}


_VNI_TONES_ALL = _with_upper(_VNI_TONES)
_VNI_AFTER_VOWEL_ALL = _with_upper(_VNI_AFTER_VOWEL)
_VNI_LETTERS_ALL = _with_upper(_VNI_LETTERS)


def _decode_vni(raw: bytes) -> str:
    out: list[str] = []
    for ch in raw.decode("latin-1"):
        previous = out[-1][:1] if out else ""
        if ch in _VNI_AFTER_VOWEL_ALL and previous.lower() in ("a", "e", "o"):
            out[-1] += _VNI_AFTER_VOWEL_ALL[ch]
        elif ch in _VNI_TONES_ALL and previous.isalpha():
            out[-1] += _VNI_TONES_ALL[ch]
        elif ch in _VNI_LETTERS_ALL:
            out.append(_VNI_LETTERS_ALL[ch])
        else:
            out.append(ch)
    return "".join(out)


_DECODERS: dict[str, Callable[[bytes], str]] = {
    "utf-8": lambda raw: raw.decode("utf-8"),
    "cp1258": lambda raw: raw.decode("cp1258"),
    "tcvn3": lambda raw: raw.decode("latin-1").translate(_TCVN3),
    "vni": _decode_vni,
}


def decode(raw: bytes, encoding: str) -> str:
    """Bytes to NFC text in one of ENCODINGS, or any code page Python knows (raises
    UnicodeDecodeError for bytes the encoding cannot hold)."""
    decoder = _DECODERS.get(encoding)
    text = decoder(raw) if decoder else raw.decode(encoding)
    return unicodedata.normalize("NFC", text)


_TONES = {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT}
_VOWEL_MARKS = {_CIRC, _BREVE, "\u031b"}  # circumflex, breve, horn
_VIETNAMESE_BASES = set("aeiouyd")


# A Vietnamese syllable: an initial consonant, one run of vowels, a final consonant (tones removed).
_SYLLABLE = re.compile(
    r"(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưy]{1,3}(ch|ng|nh|[cmnpt])?"
)


def _syllable(word: str) -> bool:
    bare = "".join(ch for ch in unicodedata.normalize("NFD", word.lower()) if ch not in _TONES)
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)) is not None


def _word_score(word: str) -> int:
    """+1 for a plausible Vietnamese syllable with non-ASCII letters, -2 for an impossible one
    ('Mộxico' is TCVN3 read into 'México', not a syllable)."""
    if word.isascii():
        return 0
    if not _syllable(word):
        return -2
    tones = 0
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tones += 1
        elif unicodedata.combining(ch) and ch not in _VOWEL_MARKS:
            return -2
        elif not ch.isascii() and ch not in "đĐ" and not unicodedata.combining(ch):
            return -2  # a symbol such as µ, ¸ or Ö: mojibake
    return 1 if tones <= 1 else -2


def plausibility(text: str) -> int:
    """How Vietnamese a decoded text looks: higher is better."""
    words = "".join(ch if ch.isalpha() or unicodedata.combining(ch) else " " for ch in text).split()
    symbols = sum(1 for ch in text if not ch.isascii() and not ch.isalpha())
    return sum(_word_score(w) for w in words) - 2 * symbols


def detect_encoding(samples: Iterable[bytes], candidates: Iterable[str] = VIETNAMESE) -> str:
    """The encoding among ``candidates`` (UTF-8 and the Vietnamese legacy ones by default)
    under which the samples read most like Vietnamese."""
    raws = [s for s in samples if s]
    joined = b" ".join(raws)
    candidates = tuple(candidates)
    if joined.isascii():
        return "utf-8"
    if "utf-8" in candidates:
        try:
            joined.decode("utf-8")
            return "utf-8"  # non-ASCII bytes that happen to be valid UTF-8 are, in practice, UTF-8
        except UnicodeDecodeError:
            pass
    scores = score_encodings(raws, [c for c in candidates if c != "utf-8"])
    order = [*_LEGACY_BY_PRIOR, *candidates]
    return max(scores, key=lambda e: (scores[e], -order.index(e)))


def score_encodings(raws: list[bytes], candidates: Iterable[str]) -> dict[str, int]:
    """How Vietnamese the samples read under each candidate that can decode them all."""
    scores = {}
    for encoding in candidates:
        try:
            scores[encoding] = sum(plausibility(decode(raw, encoding)) for raw in raws)
        except UnicodeDecodeError:
            continue
    return scores


def undouble_utf8(text: str) -> str:
    """Text saved as UTF-8, read back as Latin-1 or Windows-1252 and saved again as UTF-8 (once
    or more): 'BÃ¡ÂºÂ¿n Tre' → 'Báº¿n Tre' → 'Bến Tre'. Unchanged when that is not the case."""
    for _round in range(3):
        for single in ("cp1252", "latin-1"):
            try:
                earlier = text.encode(single).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if earlier != text:
                text = earlier
                break
        else:
            return text
    return text


_TCVN3_REVERSE = str.maketrans(dict(zip(_TCVN3_TEXT, _TCVN3_BYTES, strict=True)))
_VNI_REVERSE_LETTERS = {v: k for k, v in _VNI_LETTERS_ALL.items()}
_VNI_REVERSE_AFTER_VOWEL = {v: k for k, v in _VNI_AFTER_VOWEL.items()}
_VNI_REVERSE_TONES = {v: k for k, v in _VNI_TONES.items()}


def _encode_vni_char(ch: str) -> str:
    if ch in _VNI_REVERSE_LETTERS:
        return _VNI_REVERSE_LETTERS[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    upper = base.isupper()
    tone = "".join(m for m in marks if m in _TONES)
    shape = "".join(m for m in marks if m not in _TONES)
    if shape == "\u031b":  # horn: ơ, ư are letters of their own in VNI
        out = _VNI_REVERSE_LETTERS[unicodedata.normalize("NFC", base + shape)]
        out += _VNI_REVERSE_TONES.get(tone, "")
    elif shape:
        out = base + _VNI_REVERSE_AFTER_VOWEL[shape + tone]
    else:
        out = base + _VNI_REVERSE_TONES.get(tone, "")
    return out.upper() if upper else out


def _encode_cp1258_char(ch: str) -> bytes:
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        # CP1258 has precomposed base letters (â, ơ, ...) but writes tones as combining marks.
        nfd = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in nfd if m in _TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in nfd if m not in _TONES))
        return base.encode("cp1258") + tone.encode("cp1258")


def encode(text: str, encoding: str) -> bytes:
    """Text to bytes in a legacy encoding (TCVN3 has lower-case toned letters only)."""
    text = unicodedata.normalize("NFC", text)
    if encoding == "utf-8":
        return text.encode("utf-8")
    if encoding == "cp1258":
        return b"".join(_encode_cp1258_char(ch) for ch in text)
    if encoding == "tcvn3":
        return text.translate(_TCVN3_REVERSE).encode("latin-1")
    if encoding == "vni":
        return "".join(_encode_vni_char(ch) for ch in text).encode("latin-1")
    raise ValueError(f"unknown encoding {encoding!r}")
