BBBB BBBBBB BBBB gettext(u'Beste %(name)s,') SSSSS SSSSSSSSSBBBB gettext(u'Geachte heer, mevrouw,') BBBBB

 gettext(u'Het programmateam LOB Ambassadeurs heeft het e-mailadres waarmee u inlogt gewijzigd in %(new_email)s. Dit adres opent uw account niet meer; naar het nieuwe adres is een link gestuurd om het te bevestigen.') SSS SSSSSSSSSSSSS SSS SSSSSSSSSSSS SSSSS SSS SSSSSSSSSSS SSSSSSS S SSSSSS SSSSSSSSS SS SSSSSSSSSSSSSS SSS SSSSS SSSSS SS SSSSSSS SSSS SSSSS SSSS SSS SSSSSS SSSSS SS SSS SSSS SSSSSSSS SS SSS SS SSSSSSSSSSS

 gettext(u'Heeft u deze wijziging niet gevraagd? Mail dan meteen %(contact_email)s: wij zetten uw account dan terug.') SSSSS S SSSS SSSSSSSSS SSSS SSSSSSSSS SSSS SSS SSSSSS SSSSSSSSSSSSSSSSSS SSS SSSSSS SS SSSSSSS SSS SSSSSS

XX
 gettext(u'U ontvangt dit bericht omdat %(reason)s. Vragen? Mail %(contact_email)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSSSSSSSSSS
