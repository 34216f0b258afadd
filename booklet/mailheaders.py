"""Header values for messages to patients: one line, and only ever what they say.

Header values are written here, not left to the email package: a name or
subject holding ``=?utf-8?b?...?=`` is itself encoded, so no mail reader can
decode it into another sender or a Bcc; a display name is always quoted or
encoded, never parsed as addresses; control characters and direction
overrides (which can disguise text) are dropped. Messages built with
MAIL_POLICY emit these raw values exactly as folded here.
"""
from __future__ import annotations

import base64
import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from email import policy


from .errors import UsageError

# 7-bit transfer encodings, so no server needs 8BITMIME; raw header values are
# emitted exactly as this module folded them
MAIL_POLICY = policy.SMTP.clone(cte_type="7bit", refold_source="none")


# --- addresses and header values -------------------------------------------------

_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


def check_host(text: str, what: str) -> str:
    """A host name or IP address, in the form the connection needs; UsageError if not one."""
    host = str(text).strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    hint = "write just the server's name, like smtp.example.org"
    if ":" in host or "/" in host:
        hint += " (no https://, and the port goes in mail.port or BOOKLET_SMTP_PORT)"
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise UsageError(f"{what} is not a valid host name: {host!r}; {hint}") from None
    labels = ascii_host[:-1].split(".") if ascii_host.endswith(".") else ascii_host.split(".")
    if (not ascii_host or len(ascii_host) > 253 or not all(_LABEL.match(x) for x in labels)
            or labels[-1].isdigit()):
        raise UsageError(f"{what} is not a valid host name: {host!r}; {hint}")
    return ascii_host


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def one_line(text) -> str:
    """``text`` as one line: line breaks and runs of whitespace become a single space,
    control characters and direction overrides (which can disguise text) are dropped."""
    text = _BIDI_CONTROLS.sub("", str(text))
    text = "".join(c for c in text if unicodedata.category(c) != "Cc" or c.isspace())
    return " ".join(text.split())


@dataclass(frozen=True)
class Mailbox:
    name: str       # display name, "" for none
    address: str    # ASCII addr-spec


def parse_address(text: str, what: str) -> Mailbox:
    """Exactly one well-formed address, or a UsageError saying what is wrong."""
    text = str(text)
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise UsageError(f"{what} must not contain line breaks or control characters: {text!r}")
    try:
        header = policy.default.header_factory("To", text)
        addresses, defects = header.addresses, header.defects
    except Exception:  # noqa: BLE001 - the parser fails on some malformed input
        addresses, defects = (), ("unparseable",)
    if len(addresses) != 1:
        raise UsageError(f"{what} must be exactly one email address, not {text!r}")
    address = addresses[0]
    if defects or not address.username or not address.domain:
        raise UsageError(f"{what} is not a valid email address: {text!r}")
    if not address.username.isascii():
        raise UsageError(f"{what}: the part before the @ in {text!r} has non-ASCII characters, "
                         f"which most mail servers cannot deliver; use an ASCII address")
    try:
        domain = check_host(address.domain, f"{what}: the domain of {text!r}")
    except UsageError:
        raise UsageError(f"{what} is not a valid email address: {text!r}") from None
    local = address.username
    if re.search(r'[\s"\\(),:;<>@\[\]]', local) or local.startswith(".") or ".." in local \
            or local.endswith("."):
        local = '"' + local.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return Mailbox(one_line(address.display_name or ""), f"{local}@{domain}")


_EW_PREFIX, _EW_SUFFIX, _EW_MAX = "=?utf-8?b?", "?=", 66


def encoded_words(text: str) -> list[str]:
    """``text`` as RFC 2047 encoded words (UTF-8, base64), each at most 66 characters,
    split between characters, so readers decode it to exactly ``text`` once."""
    words, chunk = [], ""
    for char in text:
        candidate = chunk + char
        if len(base64.b64encode(candidate.encode("utf-8"))) + 12 > _EW_MAX and chunk:
            words.append(chunk)
            candidate = char
        chunk = candidate
    words.append(chunk)
    return [_EW_PREFIX + base64.b64encode(w.encode("utf-8")).decode("ascii") + _EW_SUFFIX
            for w in words]


def _plain_ok(text: str) -> bool:
    return text.isascii() and text.isprintable() and "=?" not in text


def _fold(first_room: int, words: list[str]) -> str:
    """Join ``words`` with spaces into lines of at most 78 characters (the first line has
    ``first_room`` left); continuation lines start with the space."""
    lines, line, room = [], "", first_room
    for word in words:
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line, room = word, 77
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n ".join(lines)


def text_header(name: str, text: str) -> str:
    """The raw value of an unstructured header (Subject) holding exactly ``text``."""
    text = one_line(text)
    room = 78 - len(name) - 2
    if _plain_ok(text) and all(len(w) <= 77 for w in text.split(" ")):
        return _fold(room, text.split(" "))
    return _fold(room, encoded_words(text))


def mailbox_header(box: Mailbox) -> str:
    """The raw value of From or To: the name always quoted or encoded, never parsed."""
    name = one_line(box.name)
    if not name:
        return f"<{box.address}>"
    quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if _plain_ok(name) and len(quoted) <= 72:
        return _fold(72, [quoted, f"<{box.address}>"])
    return _fold(72, [*encoded_words(name), f"<{box.address}>"])


_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*=;,%\[\]{}]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}


def attachment_name(text: str) -> str:
    """A file name safe on every system and in every mail program: 'handout.pdf'."""
    name = unicodedata.normalize("NFC", one_line(text))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r"\.pdf$", "", name, flags=re.IGNORECASE)
    name = _UNSAFE_IN_NAMES.sub("-", name)
    name = re.sub(r"\s+", " ", name).strip(" .-")[:60].strip(" .-")
    if not name or name.casefold() in _RESERVED:
        name = "handout"
    return f"{name}.pdf"


