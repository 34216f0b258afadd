"""Send an edition by email, or write the message to an .eml file.

Privacy first: the default subject and attachment name do not name the
treatment ("Your handout from CLINIC", ``handout.pdf`` in the patient's
language); a draft or stale translation is not sent without --allow-draft;
every message sent is recorded in a local log (booklet.maillog).

Mail server settings come from the command line, booklet.toml or BOOKLET_SMTP_*
variables, never from content files, and are all checked before anything is
built. The password comes only from BOOKLET_SMTP_PASSWORD or the system keyring.

Header values are written by this module, not left to the email package: a
name or subject holding ``=?utf-8?b?...?=`` is itself encoded, so no mail reader
can decode it into another sender or a Bcc; everything else is one line.

The whole exchange with the server has one deadline (BOOKLET_SMTP_TIMEOUT):
each read and write waits only for what is left of it, so a server that
answers one byte a second cannot hold the tool. What was sent is always said
truthfully: nothing, possibly (the reply after the message was lost), or sent.
"""
from __future__ import annotations

import base64
import hashlib
import html
import ipaddress
import math
import re
import smtplib
import socket
import ssl
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from . import markup
from .build import BuiltEdition, EditionRequest, build_edition
from .errors import BuildError, UsageError
from .settings import SECURITY, Settings, Value

LARGE_ATTACHMENT_BYTES = 1024 * 1024
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
MAX_TIMEOUT = 3600.0
MAX_NOTE = 1000          # characters in a --note
MAX_SUBJECT = 200
MAX_REPLY_LINES = 200    # a server's reply longer than this is not a mail server's
KEYRING_SERVICE = "booklet-smtp"
DRAFT_NOTICE_EN = ("Please note: this is a draft translation. "
                   "A medical translator has not reviewed it yet.")
# 7-bit transfer encodings, so no server needs 8BITMIME; raw header values are
# emitted exactly as this module folded them
MAIL_POLICY = policy.SMTP.clone(cte_type="7bit", refold_source="none")


# --- settings -----------------------------------------------------------------

@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str            # "starttls", "ssl" or "none"
    user: str | None
    password: str | None
    timeout: float
    timeout_source: str = "BOOKLET_SMTP_TIMEOUT"

    @property
    def where(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def _name(value: Value, key: str) -> str:
    """How a message names a setting: BOOKLET_SMTP_PORT, or booklet.toml:7: mail.port."""
    source = value.source
    for prefix in ("environment ", "command line "):
        if source.startswith(prefix):
            return source[len(prefix):]
    if source == "default":
        return key
    return f"{source}: {key}"


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


def _port(value: Value) -> int:
    raw = value.value
    if isinstance(raw, str):
        text = raw.strip()
        number = int(text) if text.isascii() and text.isdigit() and len(text) <= 5 else None
    else:
        number = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    if number is None or not 1 <= number <= 65535:
        raise UsageError(f"{_name(value, 'mail.port')} must be a port number from 1 to 65535, "
                         f"not {raw!r}")
    return number


def _timeout(value: Value) -> float:
    raw = value.value
    try:
        number = float(raw.strip()) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(raw, bool) or not math.isfinite(number) or not 0 < number <= MAX_TIMEOUT:
        raise UsageError(f"{_name(value, 'mail.timeout')} must be a number of seconds above 0 "
                         f"and at most {MAX_TIMEOUT:g}, not {raw!r}")
    return number


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _no_controls(text: str, what: str) -> str:
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise UsageError(f"{what} must not contain control characters or line breaks")
    return text


def keyring_password(user: str) -> str | None:
    """The password stored with `keyring set booklet-smtp USER`, if keyring is installed."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, user)
    except Exception:  # noqa: BLE001 - no keyring backend on this machine: as if unset
        return None


def smtp_settings(settings: Settings, environ) -> SmtpSettings:
    """The mail server settings in force, all checked; UsageError (exit 2) for any problem."""
    host_value = settings.get("mail.host")
    if not host_value.value:
        raise UsageError("set the mail server: host under [mail] in booklet.toml, or "
                         "BOOKLET_SMTP_HOST (or use --eml FILE to write the message to a file)")
    host = check_host(host_value.value, _name(host_value, "mail.host"))
    security_value = settings.get("mail.security")
    security = str(security_value.value).strip().lower()
    if security not in SECURITY:
        raise UsageError(f"{_name(security_value, 'mail.security')} must be starttls, ssl or "
                         f"none, not {security_value.value!r}")
    port_value = settings.get("mail.port")
    port = _port(port_value) if port_value.value not in (None, "") else DEFAULT_PORTS[security]
    timeout_value = settings.get("mail.timeout")
    timeout = _timeout(timeout_value)
    user_value = settings.get("mail.user")
    user = str(user_value.value) if user_value.value else None
    password = environ.get("BOOKLET_SMTP_PASSWORD") or None
    if user:
        _no_controls(user, _name(user_value, "mail.user"))
        password = password or keyring_password(user)
        if not password:
            raise UsageError(f"a mail user is set ({_name(user_value, 'mail.user')}) but no "
                             f"password: set BOOKLET_SMTP_PASSWORD, or store it with "
                             f"`keyring set {KEYRING_SERVICE} {user}`")
        _no_controls(password, "BOOKLET_SMTP_PASSWORD")
        if security == "none" and not is_loopback(host):
            raise UsageError(f"refusing to send the password for {user} unencrypted to {host}: "
                             f"set mail.security (BOOKLET_SMTP_SECURITY) to starttls or ssl "
                             f"(security none with a login is only allowed on this computer)")
    elif password:
        raise UsageError("BOOKLET_SMTP_PASSWORD is set but no mail user: set user under [mail] "
                         "in booklet.toml or BOOKLET_SMTP_USER")
    return SmtpSettings(host, port, security, user, password, timeout,
                        _name(timeout_value, "mail.timeout"))


# --- addresses and header values -------------------------------------------------

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


# --- the message ----------------------------------------------------------------

@dataclass(frozen=True)
class Wording:
    subject: str
    attachment: str     # file name, safe
    note: str | None


def choose_wording(edition, explicit_subject: str | None, note: str | None,
                   settings: Settings, profile: dict) -> Wording:
    """Subject and attachment name: the command line, then the clinic's profile, then the
    settings file, then the language's own neutral wording."""
    lang = edition.lang.code

    def configured(key: str):
        value = settings[key]
        if isinstance(value, dict):
            return value.get(lang)
        return value

    clinic = edition.clinic
    default_subject = (edition.s("email_subject_from", clinic=one_line(clinic.name))
                       if clinic else edition.s("email_subject_neutral"))
    subject = (explicit_subject or profile.get("email_subject")
               or configured("mail.subject") or default_subject)
    attachment = (profile.get("email_attachment") or configured("mail.attachment_name")
                  or edition.s("email_attachment_name"))
    return Wording(one_line(subject), attachment_name(attachment),
                   one_line(note) if note else None)


def _paragraphs(edition, title: str, note: str | None) -> list[list[str]]:
    """The message body as paragraphs of lines, the same for text and HTML."""
    paragraphs = [[edition.s("email_greeting")], [edition.s("email_body", title=title)]]
    if note:
        paragraphs.append([note])
    if edition.status.is_draft:  # in English too: the reader may not read this language well
        notice = [DRAFT_NOTICE_EN]
        if edition.lang.code.split("-")[0] != "en":
            notice.append(edition.s("draft_mark"))
        paragraphs.append(notice)
    signature = [edition.s("email_signoff")]
    clinic = edition.clinic
    if clinic:  # signed by the clinic; without a profile the sign-off stands alone
        signature.append(clinic.name)
        if clinic.phone:
            signature.append(f"{edition.s('phone')}: {clinic.phone}")
        if clinic.website:
            signature.append(clinic.website)
    paragraphs.append(signature)
    return paragraphs


def plain_body(edition, title: str, note: str | None = None) -> str:
    return "\n\n".join("\n".join(lines) for lines in _paragraphs(edition, title, note)) + "\n"


def html_body(edition, title: str, subject: str, note: str | None = None) -> str:
    e = html.escape  # every value, from content, clinic profile or the command line alike
    website = edition.clinic.website if edition.clinic else None

    def line_html(line: str) -> str:
        return f'<a href="{e(line)}">{e(line)}</a>' if line == website else e(line)

    body = "\n".join(f"<p>{'<br>'.join(map(line_html, lines))}</p>"
                     for lines in _paragraphs(edition, title, note))
    direction = "rtl" if edition.lang.rtl else "ltr"
    return (f'<!DOCTYPE html>\n<html lang="{e(edition.lang.code)}" dir="{direction}">\n'
            f'<head><meta charset="utf-8"><title>{e(subject)}</title></head>\n'
            f'<body dir="{direction}">\n{body}\n</body>\n</html>\n')


def compose_message(built: BuiltEdition, sender: Mailbox, recipient: Mailbox,
                    wording: Wording) -> EmailMessage:
    edition = built.edition
    title = one_line(markup.plain(edition.manifest.title))
    message = EmailMessage(policy=MAIL_POLICY)
    message.set_raw("Subject", text_header("Subject", wording.subject))
    message.set_raw("From", mailbox_header(sender))
    message.set_raw("To", mailbox_header(recipient))
    message["Date"] = formatdate(localtime=True)
    # the sender's domain, not socket.getfqdn(): no DNS look-up, no host name leaked
    message["Message-ID"] = make_msgid(domain=sender.address.rsplit("@", 1)[1])
    message.set_content(plain_body(edition, title, wording.note))
    message.add_alternative(html_body(edition, title, wording.subject, wording.note),
                            subtype="html")
    message.add_attachment(built.pdf, maintype="application", subtype="pdf",
                           filename=wording.attachment)
    message["Content-Language"] = edition.lang.code  # after the parts: set_content drops it
    return message


# --- talking to the server, within one deadline ----------------------------------------

class Deadline:
    def __init__(self, seconds: float, source: str):
        self.seconds, self.source = seconds, source
        self.end = time.monotonic() + seconds

    @property
    def expired(self) -> bool:
        return time.monotonic() >= self.end

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError(self.message())
        return left

    def message(self) -> str:
        return f"no complete answer within {self.seconds:g} seconds ({self.source})"


class _DeadlineSocket(socket.socket):
    """A socket whose every read and write waits only for what is left of the deadline."""

    deadline: Deadline

    def _arm(self):
        self.settimeout(self.deadline.left())

    def recv(self, *args):
        self._arm()
        return super().recv(*args)

    def recv_into(self, *args):
        self._arm()
        return super().recv_into(*args)

    def send(self, *args):
        self._arm()
        return super().send(*args)

    def sendall(self, data, flags=0):
        view = memoryview(data).cast("B")
        while view:
            view = view[self.send(view, flags):]


class _DeadlineSSLSocket(ssl.SSLSocket):
    """The same for TLS (set as the context's sslsocket_class, with ``deadline``)."""

    deadline: Deadline

    def _arm(self):
        self.settimeout(self.deadline.left())

    def do_handshake(self, *args):
        self._arm()
        return super().do_handshake(*args)

    def recv(self, *args):
        self._arm()
        return super().recv(*args)

    def recv_into(self, *args):
        self._arm()
        return super().recv_into(*args)

    def send(self, *args):
        self._arm()
        return super().send(*args)

    def sendall(self, data, flags=0):
        view = memoryview(data).cast("B")
        while view:
            view = view[self.send(view, flags):]

    def unwrap(self):
        self._arm()
        return super().unwrap()


def _resolve(host: str, port: int, deadline: Deadline):
    """getaddrinfo cannot be given a timeout: run it aside and wait only until the deadline."""
    found = {}

    def look_up():
        try:
            found["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            found["error"] = error

    thread = threading.Thread(target=look_up, name="booklet-dns", daemon=True)
    thread.start()
    thread.join(deadline.left())
    if thread.is_alive():
        raise TimeoutError(f"looking up {host} took too long; {deadline.message()}")
    if "error" in found:
        raise found["error"]
    return found["infos"]


def _connect(host: str, port: int, deadline: Deadline) -> _DeadlineSocket:
    last: OSError | None = None
    for family, kind, proto, _, address in _resolve(host, port, deadline):
        raw = socket.socket(family, kind, proto)
        try:
            raw.settimeout(deadline.left())
            raw.connect(address)
        except OSError as error:
            raw.close()
            last = error
            continue
        sock = _DeadlineSocket(family, kind, proto, fileno=raw.detach())
        sock.deadline = deadline
        return sock
    raise last or OSError(f"no address found for {host}")


class _Exchange(smtplib.SMTP):
    """smtplib.SMTP with one deadline, logins in UTF-8, and a record of how far it got."""

    def __init__(self, settings: SmtpSettings, deadline: Deadline):
        self.settings, self.deadline = settings, deadline
        self.phase = "connecting"
        # a fixed EHLO name: getfqdn() could wait on DNS and would tell the server our name
        super().__init__(local_hostname="localhost", timeout=settings.timeout)

    def tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        context.sslsocket_class = type("_Bounded", (_DeadlineSSLSocket,),
                                       {"deadline": self.deadline})
        return context

    def _get_socket(self, host, port, timeout):
        sock = _connect(host, port, self.deadline)
        try:
            self.local_hostname = f"[{sock.getsockname()[0]}]"   # an address literal
        except OSError:
            pass
        if self.settings.security == "ssl":
            sock = self.tls_context().wrap_socket(sock, server_hostname=host)
        return sock

    def getreply(self):
        """smtplib's, with a limit on how many lines one reply may have."""
        lines = []
        if self.file is None:
            self.file = self.sock.makefile("rb")
        while True:
            try:
                line = self.file.readline(smtplib._MAXLINE + 1)
            except OSError as error:
                self.close()
                raise smtplib.SMTPServerDisconnected(
                    f"Connection unexpectedly closed: {error}") from None
            if not line:
                self.close()
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            if len(line) > smtplib._MAXLINE:
                self.close()
                raise smtplib.SMTPResponseException(500, "Line too long.")
            lines.append(line[4:].strip(b" \t\r\n"))
            code = line[:3]
            if not (len(code) == 3 and code.isdigit()):
                return -1, line.strip(b"\r\n")
            if line[3:4] != b"-":
                return int(code), b"\n".join(lines)
            if len(lines) > MAX_REPLY_LINES:
                self.close()
                raise smtplib.SMTPResponseException(-1, "the reply went on for too many lines")

    def login(self, user, password, *, initial_response_ok=True):
        """Log in with PLAIN or LOGIN in UTF-8 (RFC 4616); CRAM-MD5 only for ASCII logins."""
        self.ehlo_or_helo_if_needed()
        if not self.has_extn("auth"):
            raise smtplib.SMTPNotSupportedError("the server does not offer a login (AUTH)")
        offered = self.esmtp_features["auth"].upper().split()
        ascii_login = user.isascii() and password.isascii()
        order = (["CRAM-MD5"] if ascii_login else []) + ["PLAIN", "LOGIN"]
        mechanisms = [m for m in order if m in offered]
        if not mechanisms:
            raise smtplib.SMTPNotSupportedError(
                "the server offers no login method booklet can use with this user name and "
                f"password (it offers {' '.join(offered) or 'none'}; non-ASCII logins need "
                "PLAIN or LOGIN)")
        self.user, self.password = user, password
        last = None
        for mechanism in mechanisms:
            method = getattr(self, "auth_" + mechanism.lower().replace("-", "_"))
            try:
                return self.auth(mechanism, method, initial_response_ok=initial_response_ok)
            except smtplib.SMTPAuthenticationError as error:
                last = error
        raise last

    def auth(self, mechanism, authobject, *, initial_response_ok=True):
        """smtplib's, with UTF-8 instead of ASCII."""
        def encode(text: str) -> str:
            return base64.b64encode(text.encode("utf-8")).decode("ascii")

        initial = authobject() if initial_response_ok else None
        if initial is not None:
            code, reply = self.docmd("AUTH", f"{mechanism} {encode(initial)}")
            self._auth_challenge_count = 1
        else:
            code, reply = self.docmd("AUTH", mechanism)
            self._auth_challenge_count = 0
        while code == 334:
            self._auth_challenge_count += 1
            challenge = base64.decodebytes(reply)
            code, reply = self.docmd(encode(authobject(challenge)))
        if code in (235, 503):
            return code, reply
        raise smtplib.SMTPAuthenticationError(code, reply)

    def data(self, msg: bytes):
        """smtplib's, noting when the whole message has gone and only the reply is awaited."""
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        body = re.sub(rb"(?m)^\.", b"..", msg)
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
        self.phase = "sending the message"
        self.send(body + b".\r\n")
        self.phase = "waiting for the server to accept the message"
        return self.getreply()


def _reply(code, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = one_line(text)[:200]
    return f"{code} {text}".strip() if code not in (-1, None) else text


def _describe(error: BaseException, deadline: Deadline) -> str:
    """A failure in words for staff: never a Python repr such as b'...'."""
    if deadline.expired or isinstance(error, TimeoutError):
        return deadline.message()
    if isinstance(error, smtplib.SMTPResponseException):
        if error.smtp_code == -1:
            return f"a reply that is not SMTP ({_reply(-1, error.smtp_error) or 'empty'})"
        return f"the server answered {_reply(error.smtp_code, error.smtp_error)}"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"its certificate could not be verified ({one_line(error.verify_message)})"
    if isinstance(error, ssl.SSLError):
        return f"the encrypted connection failed ({one_line(error.reason or error)})"
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    if isinstance(error, ConnectionError):
        return f"the connection was lost ({error.strerror or type(error).__name__})"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return one_line(error) or type(error).__name__


class SendFailed(BuildError):
    """The server did not take the message; ``delivered`` says whether it may have."""

    def __init__(self, message: str, maybe_delivered: bool = False):
        super().__init__(message)
        self.maybe_delivered = maybe_delivered


class SendInterrupted(KeyboardInterrupt):
    """Ctrl-C during the exchange; the message says what happened to the message."""


@dataclass
class Delivery:
    accepted: bool
    reply: str
    interrupted: bool = False


def deliver(data: bytes, sender: str, recipients: list[str],
            settings: SmtpSettings) -> Delivery:
    """Hand the message to the server once, within the deadline; never retried."""
    deadline = Deadline(settings.timeout, settings.timeout_source)
    smtp = _Exchange(settings, deadline)
    where = settings.where
    try:
        try:
            code, reply = smtp.connect(settings.host, settings.port)
            if code != 220:
                raise smtplib.SMTPConnectError(code, reply)
            smtp.phase = "greeting the server"
            smtp.ehlo_or_helo_if_needed()
            if settings.security == "starttls":
                smtp.phase = "starting TLS"
                smtp.starttls(context=smtp.tls_context())
                smtp.ehlo()
            if settings.user:
                smtp.phase = "logging in"
                smtp.login(settings.user, settings.password)
            smtp.phase = "giving the sender"
            code, reply = smtp.mail(sender)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, sender)
            for recipient in recipients:
                smtp.phase = "giving the recipients"
                code, reply = smtp.rcpt(recipient)
                if code not in (250, 251):
                    raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
            smtp.phase = "starting the message"
            code, reply = smtp.data(data)
            if code == -1:
                raise smtplib.SMTPResponseException(-1, reply)
            if code != 250:
                smtp.phase = "refused"
                raise smtplib.SMTPDataError(code, reply)
            smtp.phase = "accepted"
            delivery = Delivery(True, _reply(code, reply))
        except KeyboardInterrupt:
            _interrupted(smtp.phase, where)
        except smtplib.SMTPAuthenticationError as error:
            raise SendFailed(f"the mail server {where} refused the login for {settings.user} "
                             f"({_reply(error.smtp_code, error.smtp_error)}); nothing was sent"
                             ) from None
        except smtplib.SMTPRecipientsRefused as error:
            reasons = "; ".join(f"{address}: {_reply(*reply)}"
                                for address, reply in error.recipients.items())
            raise SendFailed(f"the mail server {where} refused the recipient ({reasons}); "
                             f"nothing was sent") from None
        except smtplib.SMTPSenderRefused as error:
            raise SendFailed(f"the mail server {where} refused the sender {sender} "
                             f"({_reply(error.smtp_code, error.smtp_error)}); nothing was sent"
                             ) from None
        except (OSError, smtplib.SMTPException) as error:
            raise _failure(error, smtp.phase, where, deadline) from None
    finally:
        if smtp.phase == "accepted":
            try:
                smtp.quit()   # the message is already accepted; a failing goodbye changes nothing
            except KeyboardInterrupt:
                smtp.close()
                delivery.interrupted = True
            except (smtplib.SMTPException, OSError):
                smtp.close()
        else:
            smtp.close()
    return delivery


def _interrupted(phase: str, where: str):
    if phase == "waiting for the server to accept the message":
        raise SendInterrupted(f"interrupted while waiting for {where} to confirm the message: "
                              f"it may or may not have been delivered; check before sending "
                              f"it again")
    raise SendInterrupted(f"interrupted while {phase}: nothing was sent")


def _failure(error, phase: str, where: str, deadline: Deadline) -> SendFailed:
    reason = _describe(error, deadline)
    if phase == "waiting for the server to accept the message":
        return SendFailed(f"the mail server {where} sent the whole message but its reply "
                          f"could not be read: {reason}; it may or may not have been "
                          f"delivered; check before sending it again", maybe_delivered=True)
    if phase == "refused":
        return SendFailed(f"the mail server {where} refused the message: {reason}; "
                          f"nothing was sent")
    if phase == "connecting" and not isinstance(error, smtplib.SMTPResponseException):
        return SendFailed(f"could not connect to the mail server {where}: {reason}; "
                          f"nothing was sent")
    outcome = "nothing was sent"
    if phase == "starting TLS" or (phase == "connecting" and isinstance(error, ssl.SSLError)):
        outcome += " (is mail.security / BOOKLET_SMTP_SECURITY right for this server?)"
    return SendFailed(f"the mail server {where} failed while {phase}: {reason}; {outcome}")


# --- writing an .eml ----------------------------------------------------------------

def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (the .eml holds the patient's address).

    booklet.output.write_atomic takes ``mode`` once its new rules land; until then
    the file is created here, 0600 from the start, and renamed into place.
    """
    import inspect

    from . import output

    if "mode" in inspect.signature(output.write_atomic).parameters:
        output.write_atomic(path, data, mode=0o600)
        return
    import os
    import stat
    import tempfile

    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            raise BuildError(f"{path} exists and is not a regular file; choose another name")
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:   # mkstemp creates it 0600
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --- the command --------------------------------------------------------------------

@dataclass
class EmailJob:
    """Everything `booklet email` was asked to do, checked before anything is built."""

    request: EditionRequest
    recipient: Mailbox
    settings: Settings
    eml: Path | None = None
    note: str | None = None
    bcc: Mailbox | None = None
    subject: str | None = None
    allow_draft: bool = False
    smtp: SmtpSettings | None = None


def prepare(request: EditionRequest, settings: Settings, environ, *, to: str,
            eml: Path | None = None, note: str | None = None, bcc: str | None = None,
            subject: str | None = None, allow_draft: bool = False) -> EmailJob:
    """Check every option and setting; UsageError (exit 2) before anything is built."""
    recipient = parse_address(to, "--to")
    if note is not None:
        note = one_line(note)
        if not note:
            raise UsageError("--note is empty")
        if len(note) > MAX_NOTE:
            raise UsageError(f"--note is {len(note):,} characters; keep it under {MAX_NOTE:,}")
    if subject is not None:
        subject = one_line(subject)
        if not subject or len(subject) > MAX_SUBJECT:
            raise UsageError(f"--subject must be 1 to {MAX_SUBJECT} characters on one line")
    bcc_value = settings.get("mail.bcc")
    copy_to = None
    if bcc:
        copy_to = parse_address(bcc, "--bcc")
    elif bcc_value.value:
        copy_to = parse_address(bcc_value.value, _name(bcc_value, "mail.bcc"))
    from_value = settings.get("mail.from")
    if from_value.value:
        parse_address(from_value.value, _name(from_value, "mail.from"))
    elif request.clinic_path is None:
        raise UsageError("set the sender's address: from under [mail] in booklet.toml, or "
                         "BOOKLET_SMTP_FROM (or give --clinic with a profile that has an email)")
    if eml is not None:
        if bcc:
            raise UsageError("--bcc is for sending; an .eml file is not sent, so it has no copy")
        copy_to = None
        smtp = None
    else:
        smtp = smtp_settings(settings, environ)
    return EmailJob(request, recipient, settings, eml, note, copy_to, subject, allow_draft, smtp)


def sender_mailbox(edition, settings: Settings) -> Mailbox:
    """mail.from (with the clinic's name when it gives none), else the clinic's own email."""
    clinic = edition.clinic
    from_value = settings.get("mail.from")
    if from_value.value:
        box = parse_address(from_value.value, _name(from_value, "mail.from"))
        if not box.name and clinic:
            box = Mailbox(one_line(clinic.name), box.address)
        return box
    if clinic and clinic.email:
        address = parse_address(one_line(clinic.email), f"the email in {clinic.source}")
        return Mailbox(one_line(clinic.name), address.address)
    raise UsageError("set the sender's address: from under [mail] in booklet.toml, or "
                     "BOOKLET_SMTP_FROM (the clinic profile has no email to send from)")


@dataclass
class Sent:
    built: BuiltEdition
    wording: Wording
    summary: str


def send(job: EmailJob, log_path: Path) -> Sent:
    """Build the edition, refuse drafts unless allowed, then write the .eml or send it."""
    from . import maillog
    from .clinic import email_wording

    built = build_edition(job.request)
    edition = built.edition
    for warning in built.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    status = edition.status
    if status.warning():
        print(f"warning: {status.warning()}", file=sys.stderr)
    if status.is_draft and not job.allow_draft:
        raise BuildError(f"not sent: the {edition.lang.code} edition is a {status.state} "
                         f"translation, which a patient should not get unnoticed; send it "
                         f"anyway with --allow-draft, or build a reviewed language")
    sender = sender_mailbox(edition, job.settings)
    profile = email_wording(job.request.clinic_path, edition.lang.code) \
        if job.request.clinic_path else {}
    wording = choose_wording(edition, job.subject, job.note, job.settings, profile)
    size = len(built.pdf)
    if size > LARGE_ATTACHMENT_BYTES:
        print(f"warning: the PDF is {size / 1024 / 1024:.1f} MB; some mail servers and inboxes "
              f"refuse or hide large attachments", file=sys.stderr)
    message = compose_message(built, sender, job.recipient, wording)
    data = message.as_bytes(policy=MAIL_POLICY)
    attachment = f"{wording.attachment} ({built.pages} pages, {size:,} bytes)"
    if job.eml:
        try:
            write_private(job.eml, data)
        except OSError as error:
            raise BuildError(f"could not write {job.eml}: {error.strerror or error}") from None
        return Sent(built, wording, f"{job.eml}: message to {job.recipient.address} with "
                                    f"{attachment}, subject {wording.subject!r}; not sent")
    recipients = [job.recipient.address] + ([job.bcc.address] if job.bcc else [])
    record_to = bool(job.settings["mail.log_recipients"])

    def record(result: str) -> str:
        entry = maillog.Entry(
            time=maillog.now(), result=result, edition=edition.edition_id,
            sha256=hashlib.sha256(built.pdf).hexdigest(), attachment=wording.attachment,
            clinic=edition.clinic.name if edition.clinic else None,
            server=job.smtp.where, message_id=str(message["Message-ID"]),
            to=job.recipient.address if record_to else None, copy=job.bcc is not None)
        try:
            maillog.append(log_path, entry, private=record_to)
            return f"recorded in {log_path}"
        except maillog.LogError as error:
            print(f"warning: {error}", file=sys.stderr)
            return "NOT recorded in the mail log"

    try:
        delivery = deliver(data, sender.address, recipients, job.smtp)
    except SendFailed as error:
        if error.maybe_delivered:
            record("uncertain")
        raise
    except SendInterrupted as interrupt:
        if "may or may not" in str(interrupt):
            record("uncertain")
        raise
    try:
        logged = record("sent")
    except KeyboardInterrupt:
        raise SendInterrupted(f"interrupted after the mail server accepted the message: it WAS "
                              f"sent to {job.recipient.address}; do not send it again (it may "
                              f"be missing from the mail log {log_path})") from None
    copy = f" and a copy to {job.bcc.address}" if job.bcc else ""
    summary = (f"sent {attachment} to {job.recipient.address}{copy} from {sender.address} "
               f"via {job.smtp.where}, subject {wording.subject!r} ({delivery.reply}); "
               f"{logged}")
    if delivery.interrupted:
        raise SendInterrupted(f"interrupted after the mail server accepted the message: it "
                              f"WAS sent; do not send it again. {summary}")
    return Sent(built, wording, summary)
