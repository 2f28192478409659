BBBB BBBB gettext(u'Beste %(name)s,\n\nEen bijeenkomst van %(school)s (%(meeting)s) is verplaatst naar %(start)s') SSSSS SSSSSSSSS

SSS SSSSSSSSSSS SSS SSSSSSSSSS SSSSSSSSSSSSS SS SSSSSSSSSS SSSS SSSSSSSSSBB BBBBBBBB XXBBBBBX
 gettext(u'De bijlage werkt de afspraak in uw agenda bij.') SS SSSSSSS SSSSS SS SSSSSSSS SS SS SSSSSS SSSS

XX
 gettext(u'U ontvangt dit bericht omdat %(reason)s. Vragen? Mail %(contact_email)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSSSSSSSSSS
