BBBB BBBBBBBBBBBBBB BBB gettext(u'Bevestig uw e-mailadres') BBBBBBBBBBBBB
