"""What each mail is, in the words of the programme office (``templates/emails/<name>_subject.txt`` is the mail
itself): the outbox names a mail by it, in its list, on its page and in its title."""

from django.utils.translation import gettext_lazy as _

MAILS = {
    "application_confirmation": _("bevestiging aanmelding"),
    "application_status": _("status aanmelding"),
    "practice_published": _("good practice gepubliceerd"),
    "practice_unpublished": _("good practice uit de catalogus gehaald"),
    "trajectory_introduction": _("introductie scholenkoppel"),
    "meeting_invitation": _("uitnodiging bijeenkomst"),
    "meeting_update": _("bijeenkomst verplaatst"),
    "meeting_cancelled": _("bijeenkomst geannuleerd"),
    "trajectory_adviser_changed": _("andere adviseur scholenkoppel"),
    "trajectory_ended": _("scholenkoppel beëindigd"),
    "meeting_adviser_changed": _("bijeenkomst: andere adviseur"),
    "meeting_handed_over": _("bijeenkomst overgedragen (vorige adviseur)"),
    "meeting_address_replaced": _("bijeenkomst uit agenda van gecorrigeerd adres"),
    "poll_invitation": _("peiling beschikbaarheid"),
    "poll_reminder": _("herinnering peiling beschikbaarheid"),
    "poll_stopped": _("peiling beschikbaarheid gestopt"),
    "pulse_invitation": _("peiling werkgroep"),
    "claim_submitted": _("ontvangstbevestiging declaratie"),
    "claim_decided": _("besluit declaratie"),
    "claim_corrected": _("declaratie gecorrigeerd"),
    "claim_returned": _("betaling teruggestuurd"),
    "claim_account_changed": _("rekening declaratie gewijzigd"),
    "login_email_changed": _("inlogadres gewijzigd"),
    "reminder_draft_application": _("herinnering concept-aanmelding"),
    "reminder_meeting": _("herinnering bijeenkomst"),
    "reminder_meeting_not_logged": _("herinnering verslag bijeenkomst"),
    "reminder_claim": _("herinnering declaratie"),
    "reminder_finance_digest": _("overzicht declaraties financiën"),
}
