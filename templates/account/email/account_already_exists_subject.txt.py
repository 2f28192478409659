BBBB BBBBBBBBBBBBBB BBB gettext(u'U heeft al een account') BBBBBBBBBBBBB
