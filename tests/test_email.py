"""``build_pdf.py email``: a real SMTP server on 127.0.0.1 (aiosmtpd), the real CLI."""
from __future__ import annotations

import contextlib
import smtplib
import socket
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from booklet import mail
from booklet.build import EditionRequest, build_edition
from booklet.cli import main
from booklet.languages import language

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ROOT / "sections"
TITLE = "Ketamine treatment for depression"
SMTP_VARIABLES = ("HOST", "PORT", "USER", "PASSWORD", "SECURITY", "TIMEOUT", "FROM")


# --- fixtures ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def expected_pdf() -> bytes:
    """The default English edition, built once for the module."""
    pdf = build_edition(EditionRequest(SECTIONS, "en")).pdf
    assert pdf.startswith(b"%PDF")
    return pdf


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
def smtp_env(monkeypatch):
    """Clear every BOOKLET_SMTP_* variable, then return a setter for a test's own."""
    for name in SMTP_VARIABLES:
        monkeypatch.delenv(f"BOOKLET_SMTP_{name}", raising=False)

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
    return configure


@pytest.fixture
def inbox():
    handler = Inbox()
    with smtp_server(handler) as port:
        handler.port = port
        yield handler


def run(capsys, *argv):
    code = main(["email", *map(str, argv)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    return code, captured.out, captured.err


def parts(message):
    """(plain text, html, [attachments]) of a parsed message."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html, list(message.iter_attachments())


# --- sending ----------------------------------------------------------------------

def test_sends_one_message_with_text_html_and_the_pdf(capsys, smtp_env, inbox, expected_pdf):
    smtp_env(inbox.port)
    code, out, err = run(capsys, "--to", "Ann Patient <ann@example.com>")
    assert code == 0, err
    assert "sent" in out and "ann@example.com" in out
    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "handouts@clinic.example"
    assert envelope.rcpt_tos == ["ann@example.com"]

    message = message_from_bytes(envelope.original_content, policy=policy.default)
    assert TITLE in message["Subject"]
    assert message["To"].addresses[0].addr_spec == "ann@example.com"
    assert message["Date"] and message["Message-ID"]
    text, html, attachments = parts(message)
    assert TITLE in text and "Hello" in text
    assert TITLE in html and 'lang="en"' in html
    assert len(attachments) == 1
    pdf = attachments[0]
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == "handout-en-letter.pdf"
    assert pdf.get_content() == expected_pdf
    assert pdf.get_content().startswith(b"%PDF")


def test_refused_recipient_is_reported_and_nothing_is_delivered(capsys, smtp_env):
    handler = Inbox(refuse_recipients=True)
    with smtp_server(handler) as port:
        smtp_env(port)
        code, out, err = run(capsys, "--to", "nobody@example.com")
    assert code == 1
    assert "refused the recipient nobody@example.com" in err and "550" in err
    assert handler.envelopes == []
    assert "sent" not in out


def test_server_down_is_reported_without_traceback(capsys, smtp_env):
    smtp_env(free_port())  # nothing listens there
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 1
    assert "could not connect to the mail server 127.0.0.1" in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""


def _reject_everyone(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=False, handled=False)


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


def test_quit_failing_after_the_server_accepted_still_reports_success(
        capsys, smtp_env, inbox, monkeypatch):
    def broken_quit(self):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(smtplib.SMTP, "quit", broken_quit)
    smtp_env(inbox.port)
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 0, err
    assert "sent" in out
    assert len(inbox.envelopes) == 1


# --- --eml ------------------------------------------------------------------------

def test_eml_writes_a_parseable_file_and_sends_nothing(capsys, smtp_env, inbox, tmp_path,
                                                       expected_pdf, monkeypatch):
    monkeypatch.setattr(mail, "LARGE_ATTACHMENT_BYTES", 1000)  # exercise the size warning
    smtp_env(inbox.port)
    eml = tmp_path / "out" / "handout.eml"
    code, out, err = run(capsys, "--to", "ann@example.com", "--eml", eml)
    assert code == 0, err
    assert str(eml) in out
    assert "warning: the PDF is" in err
    assert inbox.envelopes == []
    raw = eml.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    message = message_from_bytes(raw, policy=policy.default)
    assert TITLE in message["Subject"]
    text, html, attachments = parts(message)
    assert attachments[0].get_content() == expected_pdf


def test_clinic_signs_the_message_and_its_text_cannot_add_headers(capsys, smtp_env, tmp_path):
    smtp_env(FROM=None)  # the clinic's own address becomes the sender
    profile = tmp_path / "riverside.yaml"
    profile.write_text('name: "Riverside & <Care>\\nBcc: evil@example.com"\n'
                       'email: front-desk@riverside.example\n'
                       'phone: "555-0100"\n'
                       'website: https://riverside.example/care?a=1&b=2\n', encoding="utf-8")
    eml = tmp_path / "handout.eml"
    code, out, err = run(capsys, "--to", "ann@example.com", "--clinic", profile, "--eml", eml)
    assert code == 0, err
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert "Bcc" not in message and "evil@example.com" not in message.get_all("To", [""])[0]
    sender = message["From"].addresses
    assert len(sender) == 1 and sender[0].addr_spec == "front-desk@riverside.example"
    assert "\n" not in str(message["From"])
    text, html, attachments = parts(message)
    assert "555-0100" in text and "https://riverside.example/care?a=1&b=2" in text
    assert "Riverside &amp; &lt;Care&gt;" in html and "<Care>" not in html
    assert 'href="https://riverside.example/care?a=1&amp;b=2"' in html
    assert attachments[0].get_filename() == "handout-riverside-en-letter.pdf"


class DraftArabicEdition:
    """Just what the message bodies read from an edition: Arabic, a draft, no clinic."""

    lang = language("ar")
    is_draft = True
    clinic = None
    strings = {"email_greeting": "مرحبا،", "email_body": "مرفق الكتيب {title}.",
               "email_signoff": "مع الرعاية،", "draft_mark": "ترجمة أولية"}

    def s(self, key, **values):
        return self.strings[key].format(**values)


def test_draft_right_to_left_bodies_are_marked_and_escaped():
    edition, title = DraftArabicEdition(), "<script>alert(1)</script> & more"
    html = mail.html_body(edition, title, "Subject")
    assert '<html lang="ar" dir="rtl">' in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; more" in html
    text = mail.plain_body(edition, title)
    for body in (text, html):
        assert "draft translation" in body and "ترجمة أولية" in body
    assert text.rstrip().endswith("مع الرعاية،")


# --- usage errors -------------------------------------------------------------------

@pytest.mark.parametrize("address", [
    "a@example.com\r\nBcc: x@example.com",
    "a@example.com\nBcc: x@example.com",
    "a@example.com, b@example.com",
    "not an address",
    "a@",
])
def test_a_bad_recipient_is_a_usage_error(capsys, smtp_env, inbox, address):
    smtp_env(inbox.port)
    code, out, err = run(capsys, "--to", address)
    assert code == 2
    assert err.startswith("usage error: --to")
    assert inbox.envelopes == []


def test_missing_host_names_the_variable(capsys, smtp_env):
    smtp_env(HOST=None)
    code, out, err = run(capsys, "--to", "ann@example.com")
    assert code == 2
    assert "BOOKLET_SMTP_HOST" in err


def test_missing_sender_asks_for_booklet_smtp_from(capsys, smtp_env, tmp_path):
    smtp_env(FROM=None)
    code, out, err = run(capsys, "--to", "ann@example.com", "--eml", tmp_path / "x.eml")
    assert code == 2
    assert "BOOKLET_SMTP_FROM" in err
    assert not (tmp_path / "x.eml").exists()
