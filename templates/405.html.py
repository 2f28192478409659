BBBBBBB BBBBBBBBBBBBBBB BBBB
BBBBB BBBBB gettext(u'Deze pagina is een knop') BBBBBBBB
BBBBB BBBBBBB
XXXX gettext(u'Deze pagina is een knop') XXXXX
XXX gettext(u'Dit adres hoort bij een knop op een formulier en opent geen pagina. Dat gebeurt bijvoorbeeld als u opnieuw moest inloggen nadat u op de knop had gedrukt: er is dan nog niets opgeslagen of verstuurd.') XXXX
XXXXX XXXXXXXXXX XXXXXXXXXXXX XXXXXXXX gettext(u'Naar het formulier') XXXX XX XXXXXXXXXX XXXXXXXXX XXXXXXBBB BBBBBBBXX gettext(u'Naar mijn startpagina') XXXXXXXX
BBBBBBBB
