"""`booklet email`: a real SMTP server on 127.0.0.1 (aiosmtpd), servers that misbehave on
purpose, the real command line, and property-based tests of settings and header values."""
from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import math
import os
import re
import signal
import socket
import threading
import time
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from booklet import mail, maillog, mailserver
from booklet.mailheaders import check_host
from booklet import settings as settings_module
from booklet.build import EditionRequest, build_edition
from booklet.cli import main
from booklet.errors import UsageError
from booklet.languages import language

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ROOT / "sections"
EXAMPLE = ROOT / "clinics" / "example" / "clinic.yaml"
SMTP_VARIABLES = ("HOST", "PORT", "USER", "PASSWORD", "SECURITY", "TIMEOUT", "FROM")


# --- fixtures ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def english() -> "mail.BuiltEdition":
    """The default English edition, built once for the module."""
    built = build_edition(EditionRequest(SECTIONS, "en"))
    assert built.pdf.startswith(b"%PDF")
    return built


_BUILT: dict = {}


@pytest.fixture(autouse=True)
def each_edition_built_once(monkeypatch):
    """Email tests test email: an edition already built for one test is reused by the next
    (builds are byte-for-byte repeatable); the first build of each is real."""
    real = build_edition

    def build_once(request):
        if request not in _BUILT:
            _BUILT[request] = real(request)
        return _BUILT[request]
    monkeypatch.setattr(mail, "build_edition", build_once)


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self, refuse_recipients: bool = False):
        self.refuse_recipients = refuse_recipients
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_recipients:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    # aiosmtpd's Controller cannot listen on port 0, so ask the system for a free one
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_server(handler: Inbox, **options):
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@pytest.fixture
def smtp_env(monkeypatch, tmp_path):
    """No BOOKLET_SMTP_* but the test's own; private config and data folders (the mail log)."""
    for name in SMTP_VARIABLES:
        monkeypatch.delenv(f"BOOKLET_SMTP_{name}", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def configure(port: int | None = None, **values):
        settings = {"HOST": "127.0.0.1", "SECURITY": "none", "TIMEOUT": "10",
                    "FROM": "Handouts <handouts@clinic.example>"}
        settings.update({"PORT": str(port)} if port else {})
        settings.update(values)
        for name, value in settings.items():
            if value is None:
                monkeypatch.delenv(f"BOOKLET_SMTP_{name}", raising=False)
            else:
                monkeypatch.setenv(f"BOOKLET_SMTP_{name}", value)
    configure.log = tmp_path / "data" / "booklet" / maillog.LOG_NAME
    return configure


@pytest.fixture
def inbox():
    handler = Inbox()
    with smtp_server(handler) as port:
        handler.port = port
        yield handler


def no_bytes_repr(text: str) -> bool:
    """True when no Python bytes literal (b'...') is in ``text``."""
    return re.search(r"(?<![\w\\'\"])b['\"]", text) is None


def run(capsys, *argv):
    code = main(["email", *map(str, argv)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    assert no_bytes_repr(captured.err), captured.err
    return code, captured.out, captured.err


def parts(message):
    """(plain text, html, [attachments]) of a parsed message."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html, list(message.iter_attachments())


def received(inbox, index=-1):
    return message_from_bytes(inbox.envelopes[index].original_content, policy=policy.default)


def raw_header(raw: bytes, name: str) -> str:
    """A header's value as sent, unfolded, before any decoding."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ")
    for line in unfolded.split("\r\n"):
        key, _, value = line.partition(": ")
        if key.lower() == name.lower():
            return value
    raise KeyError(name)


def display_name(raw_value: str) -> str:
    """The display name of 'NAME <addr>' decoded as RFC 2047 says (once, no quotes)."""
    name = raw_value.rsplit(" <", 1)[0]
    if name.startswith('"'):
        inner = name[1:-1]
        out, escape = [], False
        for char in inner:
            if escape or char != "\\":
                out.append(char)
                escape = False
            else:
                escape = True
        return "".join(out)
    return str(make_header(decode_header(name)))


# --- sending ----------------------------------------------------------------------

def test_sends_one_message_neutral_by_default(capsys, smtp_env, inbox, english):
    smtp_env(inbox.port)
    code, out, err = run(capsys, "--to", "Ann Patient <ann@example.com>")
    assert code == 0, err
    assert "sent handout.pdf" in out and "ann@example.com" in out
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "handouts@clinic.example"
    assert envelope.rcpt_tos == ["ann@example.com"]
    message = received(inbox)
    assert message["Subject"] == "Your handout"
    assert "ketamine" not in message["Subject"].lower()
    assert message["To"].addresses[0].addr_spec == "ann@example.com"
    assert message["Date"] and message["Message-ID"]
    text, html, attachments = parts(message)
    assert "Hello" in text and "Your handout is attached" in text
    for body in (text, html):   # a phone's lock screen shows the first lines
        assert "ketamine" not in body.lower() and "depression" not in body.lower()
    assert 'lang="en"' in html
    assert [a.get_filename() for a in attachments] == ["handout.pdf"]
    assert attachments[0].get_content() == english.pdf


def test_the_clinic_names_the_subject_and_signs_the_message(capsys, smtp_env, inbox):
    smtp_env(inbox.port, FROM="frontdesk@riverside.example")
    code, out, err = run(capsys, "--to", "ann@example.com", "--clinic", EXAMPLE)
    assert code == 0, err
    message = received(inbox)
    assert message["Subject"] == "Your handout from Riverside Mood Clinic"
    sender = message["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == ("Riverside Mood Clinic",
                                                      "frontdesk@riverside.example")
    assert raw_header(inbox.envelopes[0].original_content, "From") == \
        '"Riverside Mood Clinic" <frontdesk@riverside.example>'   # always quoted
    text, _, attachments = parts(message)
    assert "Riverside Mood Clinic" in text and "(217) 555-0142" in text
    assert attachments[0].get_filename() == "handout.pdf"


def test_a_draft_translation_is_refused_unless_allowed(capsys, smtp_env, inbox):
    smtp_env(inbox.port)
    code, out, err = run(capsys, "--to", "ann@example.com", "--lang", "es", "--clinic", EXAMPLE)
    assert code == 1
    assert "warning: the es edition is a DRAFT translation" in err
    assert "not sent" in err and "--allow-draft" in err
    assert inbox.envelopes == [] and out == ""
    code, out, err = run(capsys, "--to", "ann@example.com", "--lang", "es", "--clinic", EXAMPLE,
                         "--allow-draft", "--note", "Nos vemos el martes <3 & gracias")
    assert code == 0, err
    assert "warning: the es edition is a DRAFT translation" in err   # warned either way
    message = received(inbox)
    assert message["Subject"] == "Su guía de parte de Riverside Mood Clinic"
    assert message["Content-Language"] == "es"
    text, html, attachments = parts(message)
    assert attachments[0].get_filename() == "guía.pdf"
    assert "Nos vemos el martes <3 & gracias" in text
    assert "Nos vemos el martes &lt;3 &amp; gracias" in html
    assert "draft translation" in text


@pytest.mark.parametrize("lang, subject, attachment", [
    ("vi", "Tài liệu của bạn từ Riverside Mood Clinic", "tài-liệu.pdf"),
    ("zh-Hans", "Riverside Mood Clinic发给您的患者手册", "患者手册.pdf"),
    ("ar", "نشرتك من Riverside Mood Clinic", "نشرة.pdf"),
])
def test_subject_and_attachment_in_the_patients_language(capsys, smtp_env, tmp_path, lang,
                                                          subject, attachment):
    smtp_env()
    eml = tmp_path / "m.eml"
    code, out, err = run(capsys, "--to", "ann@example.com", "--lang", lang, "--clinic", EXAMPLE,
                         "--allow-draft", "--eml", eml)
    assert code == 0, err
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["Subject"] == subject
    assert parts(message)[2][0].get_filename() == attachment


def test_profile_and_settings_choose_subject_and_attachment(capsys, smtp_env, tmp_path,
                                                            monkeypatch):
    smtp_env()
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    (clinic / "clinic.yaml").write_text(
        'name: Lakeside Care\nemail: care@lakeside.example\n'
        'email_subject:\n  en: "A note from Lakeside"\nemail_attachment: "Lakeside / info?"\n',
        "utf-8")
    eml = tmp_path / "m.eml"
    code, out, err = run(capsys, "--to", "a@example.com", "--clinic", clinic / "clinic.yaml",
                         "--eml", eml)
    assert code == 0, err
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["Subject"] == "A note from Lakeside"
    assert parts(message)[2][0].get_filename() == "Lakeside - info.pdf"
    # the settings file is used where the profile is silent; --subject wins over both
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    (work / "booklet.toml").write_text('[mail]\nattachment_name = "patient-info"\n'
                                       '[mail.subject]\nen = "From your care team"\n', "utf-8")
    code, out, err = run(capsys, "--to", "a@example.com", "--eml", eml)
    assert code == 0, err
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["Subject"] == "From your care team"
    assert parts(message)[2][0].get_filename() == "patient-info.pdf"
    code, out, err = run(capsys, "--to", "a@example.com", "--eml", eml, "--subject", "Hi")
    assert message_from_bytes(eml.read_bytes(), policy=policy.default)["Subject"] == "Hi"


def test_bcc_sends_a_copy_the_patient_does_not_see(capsys, smtp_env, inbox):
    smtp_env(inbox.port)
    code, out, err = run(capsys, "--to", "ann@example.com", "--bcc", "records@clinic.example")
    assert code == 0, err
    assert inbox.envelopes[0].rcpt_tos == ["ann@example.com", "records@clinic.example"]
    raw = inbox.envelopes[0].original_content
    assert b"records@clinic.example" not in raw and "Bcc" not in received(inbox)
    assert "a copy to records@clinic.example" in out


def test_every_message_sent_is_logged_without_the_address_by_default(capsys, smtp_env, inbox,
                                                                     english, tmp_path):
    smtp_env(inbox.port)
    assert run(capsys, "--to", "ann@example.com")[0] == 0
    entries, bad = maillog.read(smtp_env.log)
    assert bad == [] and len(entries) == 1
    entry = entries[0]
    assert entry["result"] == "sent"
    assert entry["sha256"] == hashlib.sha256(english.pdf).hexdigest()
    assert entry["edition"].startswith("en-v") and entry["attachment"] == "handout.pdf"
    assert "to" not in entry and "ann@example.com" not in smtp_env.log.read_text("utf-8")
    code, out, err = run(capsys, "--log")
    assert code == 0 and str(smtp_env.log) in out and "handout.pdf" in out
    assert "(not recorded)" in out and entry["sha256"][:12] in out


def test_the_log_records_recipients_when_the_clinic_turns_it_on(capsys, smtp_env, inbox,
                                                                tmp_path, monkeypatch):
    smtp_env(inbox.port)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "booklet.toml").write_text('[mail]\nlog = "records/sent.jsonl"\n'
                                           'log_recipients = true\n', "utf-8")
    log = tmp_path / "records" / "sent.jsonl"
    log.parent.mkdir()
    log.write_bytes(b'{"time": "2026-01-01", "result": "sent"}\n{"half a li')   # a crash
    assert run(capsys, "--to", "ann@example.com")[0] == 0
    entries, bad = maillog.read(log)
    assert bad == [2]
    assert entries[-1]["to"] == "ann@example.com"
    assert os.stat(log).st_mode & 0o077 == 0   # it holds addresses now: private
    out = run(capsys, "--log")[1]
    assert "ann@example.com" in out and "could not be read" in out


def test_refused_recipient_is_reported_and_nothing_is_delivered(capsys, smtp_env):
    handler = Inbox(refuse_recipients=True)
    with smtp_server(handler) as port:
        smtp_env(port)
        code, out, err = run(capsys, "--to", "nobody@example.com")
    assert code == 1
    assert "refused the recipient" in err and "550" in err and "nothing was sent" in err
    assert handler.envelopes == []
    assert "sent" not in out


def test_server_down_is_reported_without_traceback(capsys, smtp_env):
    smtp_env(free_port())  # nothing listens there
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 1
    assert "could not connect to the mail server 127.0.0.1" in err and "nothing was sent" in err
    assert out == ""


def _reject_everyone(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=False, handled=False)


class Credentials:
    def __init__(self, login: str, password: str):
        self.login, self.password, self.seen = login, password, []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.seen.append((mechanism, auth_data.login, auth_data.password))
        ok = (auth_data.login == self.login.encode("utf-8")
              and auth_data.password == self.password.encode("utf-8"))
        return AuthResult(success=ok)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_authentication_failure_is_reported_and_nothing_is_delivered(capsys, smtp_env):
    handler = Inbox()
    with smtp_server(handler, authenticator=_reject_everyone, auth_require_tls=False) as port:
        smtp_env(port, USER="clinic", PASSWORD="wrong password")
        code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 1
    assert "refused the login" in err and "535" in err
    assert "wrong password" not in err
    assert handler.envelopes == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_a_non_ascii_login_works(capsys, smtp_env, mechanism):
    handler, check = Inbox(), Credentials("récéption@clinic", "pässwörd-診所")
    with smtp_server(handler, authenticator=check, auth_require_tls=False,
                     auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN") if m != mechanism]
                     ) as port:
        smtp_env(port, USER=check.login, PASSWORD=check.password)
        code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 0, err
    assert check.seen[-1][0] == mechanism and len(handler.envelopes) == 1


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_password_can_come_from_the_system_keyring(capsys, smtp_env, monkeypatch):
    import sys
    import types

    fake = types.ModuleType("keyring")
    fake.get_password = lambda service, user: "from-keyring" if (service, user) == (
        "booklet-smtp", "frontdesk") else None
    monkeypatch.setitem(sys.modules, "keyring", fake)
    handler, check = Inbox(), Credentials("frontdesk", "from-keyring")
    with smtp_server(handler, authenticator=check, auth_require_tls=False) as port:
        smtp_env(port, USER="frontdesk")
        code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 0, err


def test_quit_failing_after_the_server_accepted_still_reports_success(
        capsys, smtp_env, inbox, monkeypatch):
    def broken_quit(self):
        raise mailserver.smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(mailserver._Exchange, "quit", broken_quit)
    smtp_env(inbox.port)
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 0, err
    assert "sent" in out
    assert len(inbox.envelopes) == 1


# --- --eml and --open ----------------------------------------------------------------

def test_eml_writes_a_private_parseable_file_and_sends_nothing(capsys, smtp_env, inbox,
                                                               tmp_path, english, monkeypatch):
    monkeypatch.setattr(mail, "LARGE_ATTACHMENT_BYTES", 1000)  # exercise the size warning
    smtp_env(inbox.port)
    eml = tmp_path / "out" / "handout.eml"
    code, out, err = run(capsys, "--to", "ann@example.com", "--eml", eml)
    assert code == 0, err
    assert str(eml) in out and "not sent" in out
    assert "warning: the PDF is" in err
    assert inbox.envelopes == []
    assert os.stat(eml).st_mode & 0o777 == 0o600   # it holds the patient's address
    raw = eml.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    message = message_from_bytes(raw, policy=policy.default)
    assert parts(message)[2][0].get_content() == english.pdf
    assert not smtp_env.log.exists()   # nothing was sent, nothing logged


def test_eml_with_bcc_is_a_usage_error(capsys, smtp_env, tmp_path):
    smtp_env()
    code, out, err = run(capsys, "--to", "a@example.com", "--eml", tmp_path / "x.eml",
                         "--bcc", "b@example.com")
    assert code == 2 and "--bcc is for sending" in err


def test_open_shows_the_attached_pdf(capsys, smtp_env, tmp_path, monkeypatch, english):
    import booklet.cli

    opened = []
    monkeypatch.setattr(booklet.cli, "open_in_viewer", opened.append)
    monkeypatch.setattr(booklet.cli, "_preview_path", lambda name: tmp_path / "preview" / name)
    smtp_env()
    code, out, err = run(capsys, "--to", "a@example.com", "--eml", tmp_path / "m.eml", "--open")
    assert code == 0, err
    assert opened == [tmp_path / "preview" / "handout.pdf"]
    assert opened[0].read_bytes() == english.pdf


# --- header values: the clinic's name can never become a header or another sender -----

def test_clinic_text_cannot_add_headers_or_pose_as_another_sender(capsys, smtp_env, tmp_path):
    smtp_env(FROM=None)  # the clinic's own address becomes the sender
    forged = "=?utf-8?b?" + base64.b64encode(b"Bcc: evil@evil.example <boss@x.example>"
                                             ).decode() + "?="
    profile = tmp_path / "riverside.yaml"
    profile.write_text(f'name: "{forged}"\n'
                       'email: front-desk@riverside.example\n'
                       'phone: "555-0100"\n'
                       'website: https://riverside.example/care?a=1&b=2\n', encoding="utf-8")
    eml = tmp_path / "handout.eml"
    code, out, err = run(capsys, "--to", "ann@example.com", "--clinic", profile, "--eml", eml)
    assert code == 0, err
    raw = eml.read_bytes()
    message = message_from_bytes(raw, policy=policy.default)
    assert "Bcc" not in message and b"evil@evil.example" not in raw
    senders = message["From"].addresses
    assert len(senders) == 1 and senders[0].addr_spec == "front-desk@riverside.example"
    assert display_name(raw_header(raw, "From")) == forged   # the literal text, decoded once
    text, html, attachments = parts(message)
    assert "555-0100" in text and "https://riverside.example/care?a=1&b=2" in text
    assert 'href="https://riverside.example/care?a=1&amp;b=2"' in html


class DraftArabicEdition:
    """Just what the message bodies read from an edition: Arabic, a draft, no clinic."""

    lang = language("ar")
    clinic = None
    status = dataclasses.make_dataclass("S", [("is_draft", bool)])(True)
    strings = {"email_greeting": "مرحبا،", "email_body": "مرفقة نشرتك.",
               "email_signoff": "مع الرعاية،", "draft_mark": "ترجمة أولية"}

    def s(self, key, **values):
        return self.strings[key].format(**values)


def test_draft_right_to_left_bodies_are_marked_and_escaped():
    edition = DraftArabicEdition()
    html = mail.html_body(edition, "<script>alert(1)</script> & more",
                          note="<b>hi</b> & more")
    assert '<html lang="ar" dir="rtl">' in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; more" in html
    assert "&lt;b&gt;hi&lt;/b&gt;" in html
    text = mail.plain_body(edition)
    for body in (text, html):
        assert "draft translation" in body and "ترجمة أولية" in body
    assert text.rstrip().endswith("مع الرعاية،")


HEADERS = ["Subject", "From", "To", "Date", "Message-ID", "MIME-Version", "Content-Type",
           "Content-Language"]


@hsettings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)), deadline=None,
           suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=160), subject=st.text(min_size=1, max_size=200),
       note=st.text(max_size=80))
def test_header_values_are_only_ever_what_they_say(english, name, subject, note):
    built = dataclasses.replace(english, pdf=b"%PDF-1.4 test")
    clean_name, clean_subject = mail.one_line(name), mail.one_line(subject)
    sender = mail.Mailbox(clean_name, "care@clinic.example")
    recipient = mail.Mailbox(clean_name, "patient@example.com")
    wording = mail.Wording(clean_subject or "x", mail.attachment_name(name), note or None)
    raw = mail.compose_message(built, sender, recipient, wording).as_bytes(
        policy=mail.MAIL_POLICY)
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert all(len(line) <= 998 for line in head.split(b"\r\n"))
    message = message_from_bytes(raw, policy=policy.default)
    assert list(message.keys()) == HEADERS
    assert [a.addr_spec for a in message["From"].addresses] == ["care@clinic.example"]
    assert [a.addr_spec for a in message["To"].addresses] == ["patient@example.com"]
    if clean_name:
        assert display_name(raw_header(raw, "From")) == clean_name
    assert str(make_header(decode_header(raw_header(raw, "Subject")))) == \
        (clean_subject or "x")
    assert parts(message)[2][0].get_filename() == wording.attachment


@hsettings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)), deadline=None)
@given(st.text(max_size=120))
def test_attachment_names_are_safe_file_names(text):
    name = mail.attachment_name(text)
    assert name.endswith(".pdf") and len(name) <= 64
    stem = name[:-4]
    assert stem and stem == stem.strip(" .-")
    assert not any(c in stem for c in '<>:"/\\|?*=;,%[]{}')
    assert all(not (c.isspace() and c != " ") for c in stem)
    assert stem.casefold() not in {"con", "nul", "prn", "aux"}


# --- settings: every problem a usage error, before anything is built --------------

@pytest.fixture
def nothing_built(monkeypatch):
    monkeypatch.setattr(mail, "build_edition", lambda request: pytest.fail("it built"))


@pytest.mark.parametrize("variable, value, message", [
    ("TIMEOUT", "nan", "BOOKLET_SMTP_TIMEOUT must be a number of seconds"),
    ("TIMEOUT", "-1", "BOOKLET_SMTP_TIMEOUT must be a number of seconds"),
    ("TIMEOUT", "inf", "BOOKLET_SMTP_TIMEOUT must be a number of seconds"),
    ("TIMEOUT", "soon", "BOOKLET_SMTP_TIMEOUT must be a number of seconds"),
    ("PORT", "0", "BOOKLET_SMTP_PORT must be a port number from 1 to 65535"),
    ("PORT", "70000", "BOOKLET_SMTP_PORT must be a port number"),
    ("PORT", "25x", "BOOKLET_SMTP_PORT must be a port number"),
    ("SECURITY", "tls", "BOOKLET_SMTP_SECURITY must be starttls, ssl or none"),
    ("HOST", "smtp example.org", "BOOKLET_SMTP_HOST is not a valid host name"),
    ("HOST", "https://smtp.example.org", "no https://"),
    ("HOST", "smtp..example.org", "BOOKLET_SMTP_HOST is not a valid host name"),
    ("HOST", "-smtp.example.org", "BOOKLET_SMTP_HOST is not a valid host name"),
    ("HOST", "999.1.1.1", "BOOKLET_SMTP_HOST is not a valid host name"),
    ("FROM", "not an address", "BOOKLET_SMTP_FROM is not a valid email address"),
    ("PASSWORD", "secret", "BOOKLET_SMTP_PASSWORD is set but no mail user"),
])
def test_invalid_mail_settings_are_usage_errors(capsys, smtp_env, nothing_built, variable,
                                                value, message):
    smtp_env(25, **{variable: value})
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 2, err
    assert message in err


def test_a_plain_text_login_is_refused_except_on_this_computer(capsys, smtp_env, nothing_built):
    smtp_env(25, HOST="smtp.example.org", USER="frontdesk", PASSWORD="secret")
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 2
    assert "refusing to send the password for frontdesk unencrypted to smtp.example.org" in err
    assert "secret" not in err
    assert mailserver.is_loopback("127.0.0.1") and mailserver.is_loopback("::1") and \
        mailserver.is_loopback("localhost") and not mailserver.is_loopback("10.0.0.1")


def test_a_user_without_a_password_says_where_to_put_it(capsys, smtp_env, nothing_built,
                                                        monkeypatch):
    monkeypatch.setattr(mailserver, "keyring_password", lambda user: None)
    smtp_env(25, USER="frontdesk")
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 2
    assert "BOOKLET_SMTP_PASSWORD" in err and "keyring set booklet-smtp frontdesk" in err


def test_settings_file_mail_errors_name_the_line(capsys, smtp_env, nothing_built, tmp_path,
                                                monkeypatch):
    smtp_env(HOST=None)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "booklet.toml").write_text('[mail]\nhost = "127.0.0.1"\nsecurity = "none"\n'
                                           'timeout = nan\n', "utf-8")
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 2
    assert "booklet.toml:4: mail.timeout must be a number of seconds above 0" in err


@pytest.mark.parametrize("address", [
    "a@example.com\r\nBcc: x@example.com",
    "a@example.com\nBcc: x@example.com",
    "a@example.com, b@example.com",
    "not an address",
    "a@",
    "ü@example.com",
])
def test_a_bad_recipient_is_a_usage_error(capsys, smtp_env, inbox, nothing_built, address):
    smtp_env(inbox.port)
    code, out, err = run(capsys, "--to", address)
    assert code == 2
    assert err.startswith("usage error: --to")
    assert inbox.envelopes == []


def test_missing_host_names_the_variable(capsys, smtp_env, nothing_built):
    smtp_env(HOST=None)
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 2
    assert "BOOKLET_SMTP_HOST" in err


def test_missing_sender_asks_for_booklet_smtp_from(capsys, smtp_env, tmp_path, nothing_built):
    smtp_env(FROM=None)
    code, out, err = run(capsys, "--to", "ann@example.com", "--eml", tmp_path / "x.eml")
    assert code == 2
    assert "BOOKLET_SMTP_FROM" in err
    assert not (tmp_path / "x.eml").exists()


@hsettings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 300)), deadline=None)
@given(host=st.one_of(st.text(max_size=70), st.from_regex(r"[a-z0-9.-]{1,40}", fullmatch=True)),
       port=st.one_of(st.text(max_size=7), st.integers(-5, 70000).map(str)),
       timeout=st.one_of(st.text(max_size=10), st.floats(allow_nan=True).map(str)),
       security=st.one_of(st.sampled_from(["starttls", "ssl", "none", "SSL"]),
                          st.text(max_size=8)),
       user=st.one_of(st.none(), st.text(min_size=1, max_size=12)))
def test_mail_settings_are_valid_or_a_usage_error(host, port, timeout, security, user):
    environ = {"XDG_CONFIG_HOME": "/nonexistent/booklet-test", "BOOKLET_SMTP_HOST": host,
               "BOOKLET_SMTP_PORT": port, "BOOKLET_SMTP_TIMEOUT": timeout,
               "BOOKLET_SMTP_SECURITY": security}
    if user is not None:
        environ.update(BOOKLET_SMTP_USER=user, BOOKLET_SMTP_PASSWORD="pw")
    try:
        loaded = settings_module.load(None, environ)
        smtp = mailserver.smtp_settings(loaded, environ)
    except UsageError as error:
        assert str(error)
        return
    assert 1 <= smtp.port <= 65535
    assert math.isfinite(smtp.timeout) and 0 < smtp.timeout <= mailserver.MAX_TIMEOUT
    assert smtp.security in ("starttls", "ssl", "none")
    assert smtp.host.isascii() and smtp.host == check_host(smtp.host, "host")
    assert not any(c.isspace() for c in smtp.host)
    if smtp.user and smtp.security == "none":
        assert mailserver.is_loopback(smtp.host)


# --- servers that misbehave: the deadline holds, and nothing untrue is said ----------

class Misbehaving:
    """A one-connection TCP server on 127.0.0.1 that follows ``script(conn, lines)``."""

    def __init__(self, script):
        self.script = script
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        self.listener.settimeout(10)
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(10)
            try:
                self.script(conn, self)
            except OSError:
                pass

    def readline(self, conn) -> bytes:
        line = b""
        while not line.endswith(b"\r\n"):
            chunk = conn.recv(1)
            if not chunk:
                raise ConnectionError
            line += chunk
        self.received += line
        return line

    def dialogue(self, conn, until: str):
        """Behave like a mail server up to (not including) the reply to ``until``."""
        conn.sendall(b"220 test.example ESMTP\r\n")
        while True:
            line = self.readline(conn)
            verb = line.split(b" ", 1)[0].split(b":", 1)[0].strip().upper().decode()
            if verb == until:
                return line
            if verb == "EHLO":
                conn.sendall(b"250-test.example\r\n250 8BITMIME\r\n")
            elif verb == "DATA":
                conn.sendall(b"354 go ahead\r\n")
                while not self.received.endswith(b"\r\n.\r\n"):
                    self.readline(conn)
                if until == "END":
                    return line
            else:
                conn.sendall(b"250 OK\r\n")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.listener.close()
        self.thread.join(15)


def _settings(port: int, timeout: float = 2.0) -> mail.SmtpSettings:
    return mailserver.SmtpSettings("127.0.0.1", port, "none", None, None, timeout)


def _deliver(port: int, timeout: float = 2.0):
    started = time.monotonic()
    try:
        outcome = mailserver.deliver(b"Subject: x\r\n\r\nhello\r\n", "a@clinic.example",
                               ["b@example.com"], _settings(port, timeout))
    except (mailserver.SendFailed, mailserver.SendInterrupted) as error:
        outcome = error
    return outcome, time.monotonic() - started


def _trickle(conn, data: bytes, pause: float = 0.25):
    for byte in data:
        conn.sendall(bytes([byte]))
        time.sleep(pause)


def test_a_server_sending_one_byte_at_a_time_cannot_hold_the_tool():
    with Misbehaving(lambda conn, s: _trickle(conn, b"220 this greeting never ends ...")) as s:
        outcome, elapsed = _deliver(s.port, timeout=1.0)
    assert isinstance(outcome, mailserver.SendFailed)
    assert elapsed < 2.0, elapsed   # each byte came within any per-read timeout
    assert "no complete answer within 1 seconds" in str(outcome)
    assert "nothing was sent" in str(outcome)


def test_a_slow_reply_after_the_message_may_have_delivered_it():
    def script(conn, s):
        s.dialogue(conn, "END")
        _trickle(conn, b"250 queued as 12345, slowly")

    with Misbehaving(script) as s:
        outcome, elapsed = _deliver(s.port, timeout=1.5)
    assert isinstance(outcome, mailserver.SendFailed) and outcome.maybe_delivered
    assert elapsed < 2.5
    assert "may or may not have been delivered" in str(outcome)


def test_a_dropped_connection_before_the_message_means_nothing_was_sent():
    with Misbehaving(lambda conn, s: s.dialogue(conn, "MAIL")) as s:
        outcome, _ = _deliver(s.port)
    assert isinstance(outcome, mailserver.SendFailed) and not outcome.maybe_delivered
    assert "closed the connection" in str(outcome) and "nothing was sent" in str(outcome)


def test_a_dropped_connection_after_the_message_may_have_delivered_it():
    with Misbehaving(lambda conn, s: s.dialogue(conn, "END")) as s:
        outcome, _ = _deliver(s.port)
    assert isinstance(outcome, mailserver.SendFailed) and outcome.maybe_delivered
    assert "its reply could not be read" in str(outcome)
    assert "check before sending it again" in str(outcome)
    assert b"hello" in s.received


@pytest.mark.parametrize("garbage", [b"\xff\xfe\x00 not smtp \x80\r\n", b"HTTP/1.1 200 OK\r\n"])
def test_garbage_instead_of_a_greeting_is_said_in_words(garbage):
    with Misbehaving(lambda conn, s: conn.sendall(garbage)) as s:
        outcome, _ = _deliver(s.port)
    message = str(outcome)
    assert isinstance(outcome, mailserver.SendFailed)
    assert "not SMTP" in message and "nothing was sent" in message
    assert no_bytes_repr(message) and "\\x" not in message


def test_garbage_after_the_message_may_have_delivered_it():
    def script(conn, s):
        s.dialogue(conn, "END")
        conn.sendall(b"\x00\xff\xfewhat?\r\n")

    with Misbehaving(script) as s:
        outcome, _ = _deliver(s.port)
    assert isinstance(outcome, mailserver.SendFailed) and outcome.maybe_delivered
    assert no_bytes_repr(str(outcome))


def test_a_reply_that_never_ends_is_cut_short():
    def script(conn, s):
        conn.sendall(b"220 hi\r\n")
        s.readline(conn)
        for _ in range(5000):
            conn.sendall(b"250-" + b"x" * 60 + b"\r\n")

    with Misbehaving(script) as s:
        outcome, elapsed = _deliver(s.port, timeout=5)
    assert isinstance(outcome, mailserver.SendFailed) and "too many lines" in str(outcome)
    assert elapsed < 3


def _interrupt_on(verb: str, reply_first: bytes = b""):
    """A server that, on ``verb``, presses Ctrl-C in this process, then keeps quiet."""
    def script(conn, s):
        s.dialogue(conn, verb)
        if reply_first:
            conn.sendall(reply_first)
            s.readline(conn)   # the next command (QUIT)
        os.kill(os.getpid(), signal.SIGINT)
        conn.settimeout(3)
        conn.recv(1)   # keep quiet until the client hangs up
    return script


def test_ctrl_c_before_the_message_says_nothing_was_sent(ctrl_c_works):
    with Misbehaving(_interrupt_on("MAIL")) as s:
        outcome, _ = _deliver(s.port, timeout=5)
    assert isinstance(outcome, mailserver.SendInterrupted)
    assert "nothing was sent" in str(outcome)


def test_ctrl_c_while_waiting_for_the_servers_answer_says_it_may_be_delivered(
        ctrl_c_works):
    with Misbehaving(_interrupt_on("END")) as s:
        outcome, _ = _deliver(s.port, timeout=5)
    assert isinstance(outcome, mailserver.SendInterrupted)
    assert "may or may not have been delivered" in str(outcome)


def test_ctrl_c_landing_as_the_end_mark_goes_out_says_it_may_be_delivered(monkeypatch):
    # the interrupt arrives the moment the message's end mark has been handed to the
    # socket, before any reply: the server may already have the whole message
    sent = mailserver._Exchange.send

    def send_then_ctrl_c(self, data):
        sent(self, data)
        if data == b".\r\n":
            raise KeyboardInterrupt

    monkeypatch.setattr(mailserver._Exchange, "send", send_then_ctrl_c)
    with Misbehaving(lambda conn, s: (s.dialogue(conn, "END"), conn.recv(1))) as server:
        outcome, _ = _deliver(server.port, timeout=5)
    assert isinstance(outcome, mailserver.SendInterrupted)
    assert "may or may not have been delivered" in str(outcome)


def test_ctrl_c_after_the_server_accepted_says_it_was_sent(capsys, smtp_env, ctrl_c_works):
    with Misbehaving(_interrupt_on("END", reply_first=b"250 accepted\r\n")) as s:
        smtp_env(s.port, TIMEOUT="5")
        code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 130
    assert "interrupted after the mail server accepted the message: it WAS sent" in err
    assert "do not send it again" in err
    entries, _ = maillog.read(smtp_env.log)
    assert [e["result"] for e in entries] == ["sent"]


def test_a_lost_reply_after_the_message_is_logged_as_uncertain(capsys, smtp_env):
    with Misbehaving(lambda conn, s: s.dialogue(conn, "END")) as server:
        smtp_env(server.port)
        code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 1
    assert "may or may not have been delivered" in err
    entries, _ = maillog.read(smtp_env.log)
    assert [e["result"] for e in entries] == ["uncertain"]
    assert "uncertain" in run(capsys, "--log")[1]


def test_ctrl_c_while_building_says_nothing_was_sent(capsys, smtp_env, inbox, monkeypatch):
    def interrupted(request):
        raise KeyboardInterrupt

    monkeypatch.setattr(mail, "build_edition", interrupted)
    smtp_env(inbox.port)
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 130 and "interrupted before anything was sent" in err
    assert inbox.envelopes == [] and not smtp_env.log.exists()
