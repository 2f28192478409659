BBBB BBBB gettext(u'Beste %(name)s,\n\nEen bijeenkomst van %(school)s (%(meeting)s) op %(start)s gaat niet door. De bijlage haalt de afspraak uit uw agenda.') SSSSS SSSSSSSSS

SSS SSSSSSSSSSS SSS SSSSSSSSSS SSSSSSSSSSSSS SS SSSSSSSSS SSSS SSSS SSSSS SS SSSSSSS SSSSS SS SSSSSSSS SSS SS SSSSSSS
BB BBBB
 gettext(u'Toelichting van de adviseur: %(note)s') SSSSSSSSSSS SSS SS SSSSSSSSS SSSSSSSS
BBBBB
XX
 gettext(u'U ontvangt dit bericht omdat %(reason)s. Vragen? Mail %(contact_email)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSSSSSSSSSS
