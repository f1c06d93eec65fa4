"""Reminders by e-mail before and after the due day: who gets which mail, once, inline and through the task queue.

On 18 June 2026, reminding 7 days ahead, the 2026-H1 reports due by 25 June and not yet received are: forms 01
and 02 (due 20 June) and 03 (due 25 June). Their filers with an account: Phú Thành II's developer (its form 02),
the commune officer of Phú Thọ (Xã Thịnh Minh's form 03), Phú Thọ's DOIT officer (the three other Phú Thọ
clusters, which have no developer account) and Lạng Sơn's (its 11 tenant reports, its cluster and its commune,
none of which has an account of its own). Hà Nội and Khánh Hòa have nobody to remind. Mails are compared in English
(the site's language set to en); the default is Vietnamese.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from zoneatlas.accounts.models import Grant
from zoneatlas.accounts.tests.conftest import person
from zoneatlas.reporting import reminders, services
from zoneatlas.reporting.models import ExpectedReport, SentReminder
from zoneatlas.reporting.tests.conftest import FORM_02
from zoneatlas.zones.models import Zone

JUNE_18 = dt.date(2026, 6, 18)
JUNE_21 = dt.date(2026, 6, 21)
SITE = "http://zoneatlas.test"


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = SITE
    with translation.override("en"):
        yield


def sent():
    """Each mail as (recipient, subject), in the order sent."""
    return [(message.to[0], message.subject) for message in mail.outbox]


def report_url(**lookup):
    return f"{SITE}/reporting/reports/{ExpectedReport.objects.get(period_label='2026-H1', **lookup).pk}/"


def test_due_soon_each_filer_gets_one_mail_listing_their_reports(personas, english):
    outcome = reminders.send_reminders(JUNE_18)

    assert sent() == [
        ("commune@example.org", "ZoneAtlas: reports due soon (1)"),
        ("developer@example.org", "ZoneAtlas: reports due soon (1)"),
        ("langson@example.org", "ZoneAtlas: reports due soon (13)"),
        ("phutho@example.org", "ZoneAtlas: reports due soon (3)"),
    ]
    assert mail.outbox[1].body == "\n".join(
        [
            "Dear developer,",
            "",
            "These reports fall due soon and have not been submitted yet:",
            "",
            "- CCN-02 (Report of a cluster's infrastructure developer (form 02)), period 2026-H1, "
            "Cụm công nghiệp Phú Thành II: due on 20/06/2026",
            "  " + report_url(form__code="CCN-02", zone__code="CCN-25-0001"),
            "",
            "A report submitted after its due day is accepted and marked late.",
            f"Your reports: {SITE}/reporting/",
            "",
            "ZoneAtlas sends this reminder once for each report (as of 18/06/2026).",
        ]
    )
    assert "Cụm công nghiệp Thanh Nông" in mail.outbox[3].body  # Phú Thọ's clusters without a developer account
    assert (outcome.mails, outcome.reminders, outcome.already_sent) == (4, 18, 0)
    assert sorted(outcome.without_recipient)[:1] == ["CCN-02 2026-H1 Cụm công nghiệp Diên Thọ"]
    assert len(outcome.without_recipient) == 9  # Hà Nội's 4 and Khánh Hòa's 5 form 02
    assert SentReminder.objects.count() == 18


def test_running_again_sends_nothing_twice(personas, english):
    reminders.send_reminders(JUNE_18)
    mail.outbox.clear()
    before = list(SentReminder.objects.values_list("pk", flat=True))

    outcome = reminders.send_reminders(JUNE_18)

    assert mail.outbox == []
    assert (outcome.mails, outcome.reminders, outcome.already_sent) == (0, 0, 18)
    assert list(SentReminder.objects.values_list("pk", flat=True)) == before


def test_after_the_due_day_the_overdue_reminder_skips_what_was_received(personas, form_02, english):
    reminders.send_reminders(JUNE_18)
    mail.outbox.clear()
    services.submit(form_02, user=personas["developer"], values=FORM_02)

    outcome = reminders.send_reminders(JUNE_21)

    # Forms 01 and 02 (due 20 June) are overdue; form 03 was reminded as due soon already; form 04 is not due soon.
    assert sent() == [
        ("langson@example.org", "ZoneAtlas: overdue reports (12)"),
        ("phutho@example.org", "ZoneAtlas: overdue reports (3)"),
    ]
    assert "The due day of these reports has passed and they have not been submitted yet:" in mail.outbox[1].body
    assert "Phú Thành II" not in mail.outbox[1].body
    assert (outcome.mails, outcome.reminders, outcome.already_sent) == (2, 15, 2)


def test_only_filers_with_access_and_an_address_are_mailed(personas, english):
    phu_thanh = Zone.objects.get(code="CCN-25-0001")
    # A developer whose grant ended, a developer without an address, an IP board officer (parks) and a national
    # officer: none of them files Phú Thành II's form 02, or can be written to.
    person("former", {"role": "developer", "zone": phu_thanh, "valid_to": dt.date(2026, 1, 31)})
    silent = person("silent", {"role": "developer", "zone": phu_thanh})
    silent.email = ""
    silent.save()
    outcome = reminders.send_reminders(JUNE_18)
    recipients = {message.to[0] for message in mail.outbox}
    assert recipients == {"commune@example.org", "developer@example.org", "langson@example.org", "phutho@example.org"}
    assert outcome.mails == 4
    # Without the developer's account, Phú Thọ's DOIT officer is reminded about Phú Thành II instead.
    Grant.objects.filter(user=personas["developer"]).delete()
    reminders.send_reminders(dt.date(2026, 6, 19))
    assert sent()[-1] == ("phutho@example.org", "ZoneAtlas: reports due soon (1)")
    assert "Cụm công nghiệp Phú Thành II" in mail.outbox[-1].body


def test_a_mail_that_fails_leaves_no_record_and_is_sent_next_time(personas, english, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        reminders.send_reminders(JUNE_18)
    assert SentReminder.objects.count() == 0
    monkeypatch.undo()
    assert reminders.send_reminders(JUNE_18).mails == 4


def test_the_reminder_is_in_vietnamese_by_default(personas, settings):
    settings.SITE_URL = SITE
    reminders.send_reminders(JUNE_18)
    body = mail.outbox[1].body
    with translation.override("vi"):
        assert mail.outbox[1].subject == translation.gettext("ZoneAtlas: reports due soon (%(count)s)") % {"count": 1}
    assert (
        "CCN-02 (Báo cáo tình hình đầu tư xây dựng hạ tầng kỹ thuật và hoạt động của cụm công nghiệp (Mẫu số 02))"
        in body
    )
    assert "20/06/2026" in body


def test_the_command_sends_inline(personas, english):
    out = StringIO()
    call_command("reporting", "remind", "--date", "2026-06-18", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "2026-06-18: 4 mails, 18 reminders sent, 0 sent before (due within 7 days, or overdue)"
    assert lines[1].startswith("Nobody to remind (no filer with an e-mail address): CCN-02 2026-H1 ")
    assert len(mail.outbox) == 4


def test_the_command_enqueues_and_the_database_worker_sends(personas, english, monkeypatch):
    out = StringIO()
    call_command("reporting", "remind", "--date", "2026-06-18", "--days-before", "3", "--enqueue", stdout=out)
    task = DBTaskResult.objects.get()
    assert out.getvalue().strip() == f"Enqueued {task.id} (READY): `zoneatlas db_worker` sends the reminders."
    assert (task.task_path, task.args_kwargs) == (
        "zoneatlas.reporting.tasks.send_reminders",
        {"args": ["2026-06-18", 3], "kwargs": {}},
    )
    assert mail.outbox == []

    # The worker closes connections it finds in a transaction; the test's transaction must outlive it.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", stdout=StringIO())

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    # Three days ahead reaches 21 June: forms 01 and 02, not form 03 (25 June).
    assert sent() == [
        ("developer@example.org", "ZoneAtlas: reports due soon (1)"),
        ("langson@example.org", "ZoneAtlas: reports due soon (12)"),
        ("phutho@example.org", "ZoneAtlas: reports due soon (3)"),
    ]
    assert task.return_value["mails"] == 3
    assert task.return_value["reminders"] == 16


def test_bad_arguments_are_refused(db):
    with translation.override("en"):
        with pytest.raises(Exception, match="is not a day"):
            call_command("reporting", "remind", "--date", "18/06/2026")
        with pytest.raises(Exception, match="cannot be negative"):
            call_command("reporting", "remind", "--days-before", "-1")
