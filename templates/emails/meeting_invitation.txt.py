BBBB BBBB gettext(u'Beste %(name)s,\n\nEen bijeenkomst van %(school)s (%(meeting)s) is gepland op %(start)s') SSSSS SSSSSSSSS

SSS SSSSSSSSSSS SSS SSSSSSSSSS SSSSSSSSSSSSS SS SSSSSSS SS SSSSSSSSSBB BBBBBBBB XXBBBBBX
 gettext(u'De uitnodiging voor uw agenda zit in de bijlage. Als de bijeenkomst wordt verplaatst, past uw agenda zich aan.') SS SSSSSSSSSSS SSSS SS SSSSSS SSS SS SS SSSSSSSS SSS SS SSSSSSSSSSS SSSSS SSSSSSSSSSS SSSS SS SSSSSS SSSS SSSS

XX
 gettext(u'U ontvangt dit bericht omdat %(reason)s. Vragen? Mail %(contact_email)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSSSSSSSSSS
