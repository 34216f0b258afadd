"""Send an edition by email, or write the message to an .eml file.

SMTP settings come only from BOOKLET_SMTP_* environment variables, never from
content files, so a content or clinic file can neither redirect mail nor leak a
password. Headers are built with the standard library's email package and
every value taken from content is flattened to one line, so a title or clinic
name holding CR/LF cannot add headers (such as a Bcc).
"""
from __future__ import annotations

import html
import os
import smtplib
import ssl
import sys
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from . import markup
from .build import BuiltEdition, EditionRequest, build_edition
from .naming import output_name
from .output import write_atomic
from .errors import BuildError, UsageError

LARGE_ATTACHMENT_BYTES = 1024 * 1024
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DRAFT_NOTICE_EN = ("Please note: this is a draft translation. "
                   "A medical translator has not reviewed it yet.")


# --- settings -----------------------------------------------------------------

@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str            # "starttls", "ssl" or "none"
    user: str | None
    password: str | None
    timeout: float


def _number(name: str, text: str, kind):
    try:
        value = kind(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise UsageError(f"{name} must be a positive number, not {text!r}")
    return value


def smtp_settings(environ=os.environ) -> SmtpSettings:
    host = environ.get("BOOKLET_SMTP_HOST", "").strip()
    if not host:
        raise UsageError("set BOOKLET_SMTP_HOST to the mail server's name to send email "
                         "(or use --eml FILE to write the message to a file)")
    security = environ.get("BOOKLET_SMTP_SECURITY", "starttls").strip().lower() or "starttls"
    if security not in DEFAULT_PORTS:
        raise UsageError(f"BOOKLET_SMTP_SECURITY must be starttls, ssl or none, not {security!r}")
    port = environ.get("BOOKLET_SMTP_PORT", "").strip()
    timeout = environ.get("BOOKLET_SMTP_TIMEOUT", "").strip()
    user = environ.get("BOOKLET_SMTP_USER") or None
    password = environ.get("BOOKLET_SMTP_PASSWORD") or None
    if bool(user) != bool(password):
        raise UsageError("set both BOOKLET_SMTP_USER and BOOKLET_SMTP_PASSWORD, or neither")
    return SmtpSettings(host, _number("BOOKLET_SMTP_PORT", port, int) if port
                        else DEFAULT_PORTS[security], security, user, password,
                        _number("BOOKLET_SMTP_TIMEOUT", timeout, float) if timeout else 30.0)


# --- addresses and header values -------------------------------------------------

def one_line(text: str) -> str:
    """``text`` with every line break and run of whitespace made a single space."""
    return " ".join(str(text).split())


def parse_address(text: str, what: str) -> Address:
    """Exactly one well-formed address, or a UsageError saying what is wrong."""
    if "\r" in text or "\n" in text:
        raise UsageError(f"{what} must not contain line breaks: {text!r}")
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
    return address


def sender_address(edition, environ=os.environ) -> Address:
    configured = environ.get("BOOKLET_SMTP_FROM", "").strip()
    if configured:
        return parse_address(configured, "BOOKLET_SMTP_FROM")
    clinic = edition.clinic
    if clinic and clinic.email:
        address = parse_address(one_line(clinic.email), f"the email in {clinic.source}")
        return Address(one_line(clinic.name), address.username, address.domain)
    raise UsageError("set BOOKLET_SMTP_FROM to the sender's address "
                     "(the edition has no clinic profile with an email to send from)")


# --- the message ----------------------------------------------------------------

def _paragraphs(edition, title: str) -> list[list[str]]:
    """The message body as paragraphs of lines, the same for text and HTML."""
    paragraphs = [[edition.s("email_greeting")], [edition.s("email_body", title=title)]]
    if edition.is_draft:  # in English too: the reader may not read this language well
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


def plain_body(edition, title: str) -> str:
    return "\n\n".join("\n".join(lines) for lines in _paragraphs(edition, title)) + "\n"


def html_body(edition, title: str, subject: str) -> str:
    e = html.escape  # every value, from content or clinic profile alike
    website = edition.clinic.website if edition.clinic else None

    def line_html(line: str) -> str:
        return f'<a href="{e(line)}">{e(line)}</a>' if line == website else e(line)

    body = "\n".join(f"<p>{'<br>'.join(map(line_html, lines))}</p>"
                     for lines in _paragraphs(edition, title))
    direction = "rtl" if edition.lang.rtl else "ltr"
    return (f'<!DOCTYPE html>\n<html lang="{e(edition.lang.code)}" dir="{direction}">\n'
            f'<head><meta charset="utf-8"><title>{e(subject)}</title></head>\n'
            f'<body dir="{direction}">\n{body}\n</body>\n</html>\n')


def compose_message(built: BuiltEdition, sender: Address, recipient: Address) -> EmailMessage:
    edition = built.edition
    title = one_line(markup.plain(edition.manifest.title))
    subject = one_line(edition.s("email_subject", title=title))
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = recipient
    message["Date"] = formatdate(localtime=True)
    # the sender's domain, not socket.getfqdn(): no DNS look-up, no host name leaked
    message["Message-ID"] = make_msgid(domain=sender.domain)
    message.set_content(plain_body(edition, title))
    message.add_alternative(html_body(edition, title, subject), subtype="html")
    filename = one_line(output_name(built.request))
    message.add_attachment(built.pdf, maintype="application", subtype="pdf", filename=filename)
    message["Content-Language"] = edition.lang.code  # after the parts: set_content drops it
    return message


# --- sending ----------------------------------------------------------------------

def _reply(code, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return one_line(f"{code} {text}")


def _deliver(message: EmailMessage, sender: Address, recipient: Address,
             settings: SmtpSettings) -> None:
    """Hand the message to the server once; any failure is a BuildError, never a retry."""
    where = f"{settings.host}:{settings.port}"
    try:
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    except OSError as error:  # refused, down, timeout, DNS, TLS; SMTPException too
        raise BuildError(f"could not connect to the mail server {where}: "
                         f"{one_line(error) or type(error).__name__}; nothing was sent") from None
    step = "starting TLS"
    try:
        if settings.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            step = "logging in"
            smtp.login(settings.user, settings.password)
        step = "sending"
        smtp.send_message(message, from_addr=sender.addr_spec, to_addrs=[recipient.addr_spec])
    except smtplib.SMTPAuthenticationError as error:
        raise BuildError(f"the mail server {where} refused the login for BOOKLET_SMTP_USER "
                         f"({_reply(error.smtp_code, error.smtp_error)}); nothing was sent"
                         ) from None
    except smtplib.SMTPRecipientsRefused as error:
        reasons = "; ".join(_reply(*reply) for reply in error.recipients.values())
        raise BuildError(f"the mail server refused the recipient {recipient.addr_spec} "
                         f"({reasons}); nothing was sent") from None
    except smtplib.SMTPSenderRefused as error:
        raise BuildError(f"the mail server refused the sender {sender.addr_spec} "
                         f"({_reply(error.smtp_code, error.smtp_error)}); nothing was sent"
                         ) from None
    except OSError as error:  # every other SMTPException too: it subclasses OSError
        reason = one_line(error).rstrip(".") or type(error).__name__
        lost = isinstance(error, (smtplib.SMTPServerDisconnected, ConnectionError, TimeoutError))
        if step == "sending" and lost:
            # the server may have taken the message before the line dropped: never resend blindly
            outcome = "it may or may not have been delivered; check before sending again"
        else:
            outcome = "nothing was sent"
            if step == "starting TLS":
                outcome += " (is BOOKLET_SMTP_SECURITY right for this server?)"
        raise BuildError(f"the mail server {where} failed while {step}: {reason}; {outcome}"
                         ) from None
    finally:
        try:
            smtp.quit()  # the message is already accepted; a failing goodbye changes nothing
        except (smtplib.SMTPException, OSError):
            smtp.close()


# --- the command --------------------------------------------------------------------

def send_edition(request: EditionRequest, to_address: str, eml_path: Path | None) -> int:
    recipient = parse_address(to_address, "--to")
    settings = None if eml_path else smtp_settings()   # fail fast, before the build
    built = build_edition(request)
    sender = sender_address(built.edition)
    for warning in built.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    size = len(built.pdf)
    if size > LARGE_ATTACHMENT_BYTES:
        print(f"warning: the PDF is {size / 1024 / 1024:.1f} MB; some mail servers and inboxes "
              f"refuse or hide large attachments", file=sys.stderr)
    message = compose_message(built, sender, recipient)
    name = output_name(request)
    attachment = f"{name} ({built.pages} pages, {size:,} bytes)"
    if eml_path:
        try:
            write_atomic(eml_path, message.as_bytes(policy=policy.SMTP))
        except OSError as error:
            raise BuildError(f"could not write {eml_path}: {error.strerror or error}") from None
        print(f"{eml_path}: message to {recipient.addr_spec} with {attachment}; not sent")
        return 0
    _deliver(message, sender, recipient, settings)
    print(f"sent {attachment} to {recipient.addr_spec} from {sender.addr_spec} "
          f"via {settings.host}:{settings.port}")
    return 0
