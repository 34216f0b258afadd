"""Talking to the mail server: its settings, checked, and one exchange within one deadline.

Mail server settings come from the command line, booklet.toml or BOOKLET_SMTP_*
variables, never from content files, and are all checked (usage errors) before
anything is built. The password comes only from BOOKLET_SMTP_PASSWORD or the
system keyring. Logins are sent in UTF-8, and a login without encryption is
refused except to this computer.

The whole exchange has one deadline (BOOKLET_SMTP_TIMEOUT): each read and write
waits only for what is left of it, so a server that answers one byte a second
cannot hold the tool. What was sent is always said truthfully: nothing,
possibly (the reply after the message was lost), or sent. Never retried.
"""
from __future__ import annotations

import base64
import ipaddress
import math
import re
import smtplib
import socket
import ssl
import threading
import time
import unicodedata
from dataclasses import dataclass

from .errors import BuildError, UsageError
from .mailheaders import check_host, one_line
from .settings import SECURITY, Settings, Value

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
MAX_TIMEOUT = 3600.0
MAX_REPLY_LINES = 200    # a server's reply longer than this is not a mail server's
KEYRING_SERVICE = "booklet-smtp"


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


def setting_name(value: Value, key: str) -> str:
    """How a message names a setting: BOOKLET_SMTP_PORT, or booklet.toml:7: mail.port."""
    source = value.source
    for prefix in ("environment ", "command line "):
        if source.startswith(prefix):
            return source[len(prefix):]
    if source == "default":
        return key
    return f"{source}: {key}"


def _port(value: Value) -> int:
    raw = value.value
    if isinstance(raw, str):
        text = raw.strip()
        number = int(text) if text.isascii() and text.isdigit() and len(text) <= 5 else None
    else:
        number = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    if number is None or not 1 <= number <= 65535:
        raise UsageError(f"{setting_name(value, 'mail.port')} must be a port number from 1 "
                         f"to 65535, not {raw!r}")
    return number


def _timeout(value: Value) -> float:
    raw = value.value
    try:
        number = float(raw.strip()) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(raw, bool) or not math.isfinite(number) or not 0 < number <= MAX_TIMEOUT:
        raise UsageError(f"{setting_name(value, 'mail.timeout')} must be a number of seconds "
                         f"above 0 and at most {MAX_TIMEOUT:g}, not {raw!r}")
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
    host = check_host(host_value.value, setting_name(host_value, "mail.host"))
    security_value = settings.get("mail.security")
    security = str(security_value.value).strip().lower()
    if security not in SECURITY:
        raise UsageError(f"{setting_name(security_value, 'mail.security')} must be starttls, "
                         f"ssl or none, not {security_value.value!r}")
    port_value = settings.get("mail.port")
    port = _port(port_value) if port_value.value not in (None, "") else DEFAULT_PORTS[security]
    timeout_value = settings.get("mail.timeout")
    timeout = _timeout(timeout_value)
    user_value = settings.get("mail.user")
    user = str(user_value.value) if user_value.value else None
    password = environ.get("BOOKLET_SMTP_PASSWORD") or None
    if user:
        _no_controls(user, setting_name(user_value, "mail.user"))
        password = password or keyring_password(user)
        if not password:
            raise UsageError(f"a mail user is set ({setting_name(user_value, 'mail.user')}) but no "
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
                        setting_name(timeout_value, "mail.timeout"))


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


class _Deadlined:
    """Every read and write waits only for what is left of ``deadline`` (mixed into a
    plain and a TLS socket class)."""

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


class _DeadlineSocket(_Deadlined, socket.socket):
    """A plain socket under the deadline."""


class _DeadlineSSLSocket(_Deadlined, ssl.SSLSocket):
    """The same for TLS (set as the context's sslsocket_class, with ``deadline``),
    the handshake and the closing exchange included."""

    def do_handshake(self, *args):
        self._arm()
        return super().do_handshake(*args)

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
        self.send(body)
        # from the first byte of the end mark on, the server may take the message: an
        # interrupt that lands as (or just after) it goes out must not say "nothing was sent"
        self.phase = "waiting for the server to accept the message"
        self.send(b".\r\n")
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
    """Ctrl-C while sending; the text says what happened to the message."""

    def __init__(self, message: str, maybe_delivered: bool = False):
        super().__init__(message)
        self.maybe_delivered = maybe_delivered


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
                              f"it again", maybe_delivered=True)
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


