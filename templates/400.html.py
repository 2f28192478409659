BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Ongeldig verzoek') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Ongeldig verzoek') XXXXX
XXX gettext(u'Dit verzoek kon niet worden verwerkt. Ga terug en probeer het opnieuw.') XXXX
BBBBBBBB
