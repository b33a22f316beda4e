"""Bytes → text: byte-order marks, declared charsets, UTF-8, then detection.

Scraped files come in every encoding and some in none (binary files saved
with a text extension). Decoding either succeeds with a real text or fails
with a reason a person can act on; it never guesses silently into garbage.

Two shapes that naive detection gets wrong are handled first: UTF-16/32
without a byte-order mark (its NUL bytes look binary), and a UTF-8 file with
a few Windows-1252 bytes pasted in (detection would re-read the whole file
as some legacy code page and garble every accent in it).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_SNIFF_BYTES = 8192
# Share of control characters (other than whitespace) above which a "text"
# file is really binary; real text has next to none.
BINARY_CONTROL_SHARE = 0.10
# charset-normalizer's "chaos" (0 clean .. 1 noise) above which its best
# guess is not trusted.
MAX_DETECTION_CHAOS = 0.25
_WIDE_ENCODINGS = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
_WIDE_SAMPLE_BYTES = 1 << 16  # even, and a multiple of 4: never splits a character
# A file that is not valid UTF-8 but holds valid UTF-8 characters beyond
# ASCII may be text pasted together from two sources: read as UTF-8 with its
# stray bytes as Windows-1252, it wins over detection when it reads as less
# of a mess (charset-normalizer's measure). Legacy CJK encodings form valid
# UTF-8 sequences by chance, which is why the two are compared.
MIXED_FALLBACK = "cp1252"


class DecodeError(ValueError):
    """The bytes are not text in any encoding that fits."""


def decode(data: bytes, *, html: bool = False) -> str:
    """Decode a file's bytes; raise DecodeError with the reason when it is not text."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, "its byte-order mark")
    if _looks_binary(data[:_SNIFF_BYTES]):
        wide = _wide_text(data)
        if wide is None:
            raise DecodeError("binary file, not text")
        return wide
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html:
        declared = _DECLARED_CHARSET.search(data[:_SNIFF_BYTES])
        if declared:
            encoding = declared.group(1).decode("ascii").lower()
            try:
                return data.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common; detection decides
    mixed = _utf8_with_strays(data)
    try:
        detected = _detected(data)
    except DecodeError:
        if mixed is None:
            raise
        return mixed
    if mixed is not None and mess_ratio(mixed, 1.0) <= mess_ratio(detected, 1.0):
        return mixed
    return detected


def _strict(data: bytes, encoding: str, why: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodeError(f"not valid {encoding} although {why} says so ({error.reason} at byte {error.start})") from None


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > BINARY_CONTROL_SHARE * len(head)


_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in b"\t\n\r\f\v")


def _wide_text(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, if that is what `data` is."""
    best = from_bytes(data[:_WIDE_SAMPLE_BYTES], cp_isolation=_WIDE_ENCODINGS).best()
    if best is None or best.chaos > MAX_DETECTION_CHAOS:
        return None
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError:
        return None
    return None if _looks_binary(text[:_SNIFF_BYTES].encode("utf-8", "replace")) else text


def _utf8_with_strays(data: bytes) -> str | None:
    """UTF-8 with stray single bytes read as Windows-1252, if any of it is UTF-8 beyond ASCII."""
    text = data.decode("utf-8", "surrogateescape")  # each invalid byte becomes U+DC80..U+DCFF
    stray = len(_STRAY_BYTE.findall(text))
    if len(text) - len(text.encode("ascii", "ignore")) == stray:
        return None  # nothing but ASCII and stray bytes: a legacy encoding, for detection
    return _STRAY_BYTE.sub(lambda m: _legacy_char(ord(m.group()) - 0xDC00), text)


_STRAY_BYTE = re.compile("[\udc80-\udcff]")


def _legacy_char(byte: int) -> str:
    try:
        return bytes([byte]).decode(MIXED_FALLBACK)
    except UnicodeDecodeError:
        return ""  # one of the five bytes cp1252 leaves undefined: no character at all


# When detection finds several encodings that fit equally well (short texts
# often do), the one the web uses most wins.
COMMON_ENCODINGS = ("cp1252", "cp1251", "cp1250", "iso8859_15", "cp1253", "cp1254", "cp1257", "shift_jis", "gb18030", "euc_kr")


def _detected(data: bytes) -> str:
    matches = list(from_bytes(data))
    if not matches or matches[0].chaos > MAX_DETECTION_CHAOS:
        raise DecodeError("not UTF-8, and no other encoding fits its bytes")
    best = (matches[0].chaos, -matches[0].coherence)
    tied = {match.encoding: match for match in matches if (match.chaos, -match.coherence) == best}
    chosen = next((tied[name] for name in COMMON_ENCODINGS if name in tied), matches[0])
    return str(chosen)
