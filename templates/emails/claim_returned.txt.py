BBBB BBBB gettext(u'Beste contactpersoon van %(school)s,') SSSSS SSSSSSSSSSSSSS SSS SSSSSSSSSSS

 gettext(u'De bank heeft de overboeking van uw declaratie verletkosten %(number)s (%(amount)s) teruggestuurd. Het bedrag is dus niet bij uw school aangekomen.') SS SSSS SSSSS SS SSSSSSSSSSS SSS SS SSSSSSSSSS SSSSSSSSSSSS SSSSSSSSSS SSSSSSSSSSSS SSSSSSSSSSSSSS SSS SSSSSS SS SSS SSSS SSS SS SSSSSS SSSSSSSSSSS

 gettext(u'Reden volgens de bank:')  

 gettext(u'Controleer het IBAN en de tenaamstelling van de rekening op de pagina van de declaratie en pas ze zo nodig aan. De declaratie blijft goedgekeurd; de financiële administratie maakt het bedrag daarna opnieuw over.') SSSSSSSSSS SSS SSSS SS SS SSSSSSSSSSSSSS SSS SS SSSSSSSS SS SS SSSSSS SSS SS SSSSSSSSSS SS SSS SS SS SSSSS SSSS SS SSSSSSSSSS SSSSSS SSSSSSSSSSSS SS SSSSSSSSSS SSSSSSSSSSSSS SSSSS SSS SSSSSS SSSSSS SSSSSSS SSSSS

 gettext(u'Naar de declaratie:')  

XX
 gettext(u'U ontvangt dit bericht omdat %(reason)s. Vragen? Mail %(contact_email)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSSSSSSSSSS
