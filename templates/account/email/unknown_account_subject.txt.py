BBBB BBBBBBBBBBBBBB BBB gettext(u'Geen account bij dit e-mailadres') BBBBBBBBBBBBB
