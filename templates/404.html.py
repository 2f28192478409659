BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Pagina niet gevonden') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Pagina niet gevonden') XXXXX
XXX gettext(u'Deze pagina bestaat niet (meer), of u heeft er geen toegang toe.') XXXX
XXXXX XXXXXXBBB BBBBBBXX gettext(u'Naar de startpagina') XXXXXXXX
BBBBBBBB
