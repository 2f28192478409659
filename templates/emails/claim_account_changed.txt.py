BBBB BBBB gettext(u'Beste contactpersoon van %(school)s,') SSSSS SSSSSSSSSSSSSS SSS SSSSSSSSSSS

 gettext(u'%(changed_by)s heeft de rekening voor declaratie %(number)s gewijzigd. De financiële administratie maakt het bedrag nu over naar %(account_holder)s, het IBAN dat eindigt op %(iban_end)s.') SSSSSSSSSSSSSS SSSSS SS SSSSSSSS SSSS SSSSSSSSSS SSSSSSSSSS SSSSSSSSSS SS SSSSSSSSSS SSSSSSSSSSSSS SSSSS SSS SSSSSS SS SSSS SSSS SSSSSSSSSSSSSSSSSSS SSS SSSS SSS SSSSSSS SS SSSSSSSSSSSSS

 gettext(u'Hebt u of een collega dit niet gedaan? Mail dan meteen naar het adres hieronder, voordat het bedrag wordt overgemaakt.') SSSS S SS SSS SSSSSSS SSS SSSS SSSSSSS SSSS SSS SSSSSS SSSS SSS SSSSS SSSSSSSSSS SSSSSSS SSS SSSSSS SSSSS SSSSSSSSSSSS

 gettext(u'Bekijk de declaratie:')  

XX
 gettext(u'U ontvangt dit bericht omdat %(reason)s. Vragen? Mail %(contact_email)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSSSSSSSSSS
