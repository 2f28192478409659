BBBB BBBB gettext(u'Beste contactpersoon van %(school)s,') SSSSS SSSSSSSSSSSSSS SSS SSSSSSSSSSS

 gettext(u'Uw declaratie verletkosten van %(amount)s is ontvangen. Het nummer is %(number)s; dat nummer staat later ook bij de overboeking op uw bankafschrift.') SS SSSSSSSSSS SSSSSSSSSSSS SSS SSSSSSSSSS SS SSSSSSSSSS SSS SSSSSS SS SSSSSSSSSSS SSS SSSSSS SSSSS SSSSS SSS SSS SS SSSSSSSSSSS SS SS SSSSSSSSSSSSSS

 gettext(u'U vroeg het bedrag over te maken naar %(account_holder)s, het IBAN dat eindigt op %(iban_end)s. Klopt dat niet, mail dan meteen naar het adres hieronder.') S SSSSS SSS SSSSSS SSSS SS SSSSS SSSS SSSSSSSSSSSSSSSSSSS SSS SSSS SSS SSSSSSS SS SSSSSSSSSSSSS SSSSS SSS SSSSS SSSS SSS SSSSSS SSSS SSS SSSSS SSSSSSSSSS

 gettext(u'De financiële administratie controleert de declaratie aan de hand van de verslagen van de adviseur. U krijgt bericht zodra zij heeft besloten.') SS SSSSSSSSSS SSSSSSSSSSSSS SSSSSSSSSSS SS SSSSSSSSSS SSS SS SSSS SSS SS SSSSSSSSS SSS SS SSSSSSSSS S SSSSSS SSSSSSS SSSSS SSS SSSSS SSSSSSSSS

 gettext(u'Bekijk de declaratie:')  

XX
 gettext(u'U ontvangt dit bericht omdat %(reason)s. Vragen? Mail %(contact_email)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSSSSSSSSSS
