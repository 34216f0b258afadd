"""`booklet email`: build an edition and send it to a patient, or write an .eml file.

Privacy first: the default subject and attachment name do not name the
treatment ("Your handout from CLINIC", ``handout.pdf`` in the patient's
language); a draft or stale translation is not sent without --allow-draft;
every message sent is recorded in a local log (booklet.maillog). Header values
come from booklet.mailheaders, the exchange with the server from
booklet.mailserver; every option and setting is checked before anything is built.
"""
from __future__ import annotations

import hashlib
import html
import sys
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path


from .build import BuiltEdition, EditionRequest, build_edition
from .errors import BuildError, UsageError
from .mailheaders import (MAIL_POLICY, Mailbox, attachment_name, mailbox_header, one_line,
                          parse_address, text_header)
from .mailserver import SendFailed, SendInterrupted, SmtpSettings, deliver, setting_name, \
    smtp_settings
from .settings import Settings

LARGE_ATTACHMENT_BYTES = 1024 * 1024
MAX_NOTE = 1000          # characters in a --note
MAX_SUBJECT = 200
DRAFT_NOTICE_EN = ("Please note: this is a draft translation. "
                   "A medical translator has not reviewed it yet.")


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


def _paragraphs(edition, note: str | None) -> list[list[str]]:
    """The message body as paragraphs of lines, the same for text and HTML. It never
    names the treatment: phones show its first lines on a locked screen."""
    paragraphs = [[edition.s("email_greeting")], [edition.s("email_body")]]
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


def plain_body(edition, note: str | None = None) -> str:
    return "\n\n".join("\n".join(lines) for lines in _paragraphs(edition, note)) + "\n"


def html_body(edition, subject: str, note: str | None = None) -> str:
    e = html.escape  # every value, from content, clinic profile or the command line alike
    website = edition.clinic.website if edition.clinic else None

    def line_html(line: str) -> str:
        return f'<a href="{e(line)}">{e(line)}</a>' if line == website else e(line)

    body = "\n".join(f"<p>{'<br>'.join(map(line_html, lines))}</p>"
                     for lines in _paragraphs(edition, note))
    direction = "rtl" if edition.lang.rtl else "ltr"
    return (f'<!DOCTYPE html>\n<html lang="{e(edition.lang.code)}" dir="{direction}">\n'
            f'<head><meta charset="utf-8"><title>{e(subject)}</title></head>\n'
            f'<body dir="{direction}">\n{body}\n</body>\n</html>\n')


def compose_message(built: BuiltEdition, sender: Mailbox, recipient: Mailbox,
                    wording: Wording) -> EmailMessage:
    edition = built.edition
    message = EmailMessage(policy=MAIL_POLICY)
    message.set_raw("Subject", text_header("Subject", wording.subject))
    message.set_raw("From", mailbox_header(sender))
    message.set_raw("To", mailbox_header(recipient))
    message["Date"] = formatdate(localtime=True)
    # the sender's domain, not socket.getfqdn(): no DNS look-up, no host name leaked
    message["Message-ID"] = make_msgid(domain=sender.address.rsplit("@", 1)[1])
    message.set_content(plain_body(edition, wording.note))
    message.add_alternative(html_body(edition, wording.subject, wording.note),
                            subtype="html")
    message.add_attachment(built.pdf, maintype="application", subtype="pdf",
                           filename=wording.attachment)
    message["Content-Language"] = edition.lang.code  # after the parts: set_content drops it
    return message


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
        copy_to = parse_address(bcc_value.value, setting_name(bcc_value, "mail.bcc"))
    from_value = settings.get("mail.from")
    if from_value.value:
        parse_address(from_value.value, setting_name(from_value, "mail.from"))
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
        box = parse_address(from_value.value, setting_name(from_value, "mail.from"))
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


@dataclass
class _Prepared:
    built: BuiltEdition
    sender: Mailbox
    wording: Wording
    data: bytes
    message_id: str


def _prepare_message(job: EmailJob) -> _Prepared:
    """Build the edition, refuse a draft unless allowed, and write the message."""
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
    return _Prepared(built, sender, wording, message.as_bytes(policy=MAIL_POLICY),
                     str(message["Message-ID"]))


def send(job: EmailJob, log_path: Path) -> Sent:
    """Build the edition, refuse drafts unless allowed, then write the .eml or send it."""
    from . import maillog

    try:
        ready = _prepare_message(job)
    except KeyboardInterrupt:
        raise SendInterrupted("interrupted before anything was sent") from None
    built, wording = ready.built, ready.wording
    attachment = f"{wording.attachment} ({built.pages} pages, {len(built.pdf):,} bytes)"
    if job.eml:
        try:
            write_private(job.eml, ready.data)
        except OSError as error:
            raise BuildError(f"could not write {job.eml}: {error.strerror or error}") from None
        return Sent(built, wording, f"{job.eml}: message to {job.recipient.address} with "
                                    f"{attachment}, subject {wording.subject!r}; not sent")
    recipients = [job.recipient.address] + ([job.bcc.address] if job.bcc else [])
    record_to = bool(job.settings["mail.log_recipients"])
    edition = built.edition

    def record(result: str) -> str:
        entry = maillog.Entry(
            time=maillog.now(), result=result, edition=edition.edition_id,
            sha256=hashlib.sha256(built.pdf).hexdigest(), attachment=wording.attachment,
            clinic=edition.clinic.name if edition.clinic else None,
            server=job.smtp.where, message_id=ready.message_id,
            to=job.recipient.address if record_to else None, copy=job.bcc is not None)
        try:
            maillog.append(log_path, entry, private=record_to)
            return f"recorded in {log_path}"
        except maillog.LogError as error:
            print(f"warning: {error}", file=sys.stderr)
            return "NOT recorded in the mail log"

    try:
        delivery = deliver(ready.data, ready.sender.address, recipients, job.smtp)
    except (SendFailed, SendInterrupted) as error:
        if error.maybe_delivered:   # staff must be able to find it before resending
            record("uncertain")
        raise
    try:
        logged = record("sent")
    except KeyboardInterrupt:
        raise SendInterrupted(f"interrupted after the mail server accepted the message: it WAS "
                              f"sent to {job.recipient.address}; do not send it again (it may "
                              f"be missing from the mail log {log_path})") from None
    copy = f" and a copy to {job.bcc.address}" if job.bcc else ""
    summary = (f"sent {attachment} to {job.recipient.address}{copy} from "
               f"{ready.sender.address} via {job.smtp.where}, subject {wording.subject!r} "
               f"({delivery.reply}); {logged}")
    if delivery.interrupted:
        raise SendInterrupted(f"interrupted after the mail server accepted the message: it "
                              f"WAS sent; do not send it again. {summary}")
    return Sent(built, wording, summary)
