BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Geen toegang') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Geen toegang') XXXXX
XXX gettext(u'U heeft geen toegang tot deze pagina met de rol waarmee u bent ingelogd.') XXXX
XXXXX XXXXXXBBB BBBBBBXX gettext(u'Naar de startpagina') XXXXXXXX
BBBBBBBB
