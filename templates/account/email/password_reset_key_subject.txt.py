BBBB BBBBBBBBBBBBBB BBB gettext(u'Nieuw wachtwoord instellen') BBBBBBBBBBBBB
