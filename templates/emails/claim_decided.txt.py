BBBB BBBB gettext(u'Beste contactpersoon van %(school)s,') SSSSS SSSSSSSSSSSSSS SSS SSSSSSSSSSS

BB BBBBBBBB gettext(u'De financiële administratie heeft uw declaratie verletkosten van %(amount)s goedgekeurd.') SS SSSSSSSSSS SSSSSSSSSSSSS SSSSS SS SSSSSSSSSS SSSSSSSSSSSS SSS SSSSSSSSSS SSSSSSSSSSSS BB BBBBBBBB gettext(u'Het bedrag wordt overgemaakt naar de rekening die u opgaf: %(account_holder)s, het IBAN dat eindigt op %(iban_end)s.') SSS SSSSSS SSSSS SSSSSSSSSSS SSSS SS SSSSSSSS SSS S SSSSSS SSSSSSSSSSSSSSSSSSS SSS SSSS SSS SSSSSSS SS SSSSSSSSSSSSS BBBBB gettext(u'De financiële administratie maakt goedgekeurde declaraties samen over. Zodra uw bedrag is betaald, ziet u de datum van betaling bij de declaratie.') SS SSSSSSSSSS SSSSSSSSSSSSS SSSSS SSSSSSSSSSSS SSSSSSSSSSS SSSSS SSSSS SSSSS SS SSSSSS SS SSSSSSSS SSSS S SS SSSSS SSS SSSSSSSS SSS SS SSSSSSSSSSSBBBB gettext(u'De financiële administratie heeft uw declaratie verletkosten van %(amount)s afgewezen.') SS SSSSSSSSSS SSSSSSSSSSSSS SSSSS SS SSSSSSSSSS SSSSSSSSSSSS SSS SSSSSSSSSS SSSSSSSSSS

 gettext(u'Reden:')  

 gettext(u'De uren in de declaratie komen uit de verslagen van de externe adviseur; u kunt ze zelf niet wijzigen. Wat u kunt doen:') SS SSSS SS SS SSSSSSSSSS SSSSS SSS SS SSSSSSSSS SSS SS SSSSSSS SSSSSSSSS S SSSS SS SSSS SSSS SSSSSSSSS SSS S SSSS SSSSS
X  gettext(u'Ontbreken er uren of kloppen ze niet? Vraag dan uw adviseur, %(adviser)s (%(adviser_email)s), het verslag van die bijeenkomst te corrigeren. De berekening past zich daarna vanzelf aan.') SSSSSSSSS SS SSSS SS SSSSSSS SS SSSSS SSSSS SSS SS SSSSSSSSS SSSSSSSSSSS SSSSSSSSSSSSSSSSSSSS SSS SSSSSSS SSS SSS SSSSSSSSSSS SS SSSSSSSSSSS SS SSSSSSSSSS SSSS SSSS SSSSSS SSSSSSS SSSS
X  gettext(u'Gaat het om de rekening? Vul dan bij het opnieuw indienen het juiste IBAN en de juiste tenaamstelling in.') SSSS SSS SS SS SSSSSSSSS SSS SSS SSS SSS SSSSSSS SSSSSSSS SSS SSSSSS SSSS SS SS SSSSSS SSSSSSSSSSSSSS SSS
 gettext(u'Dien de declaratie daarna opnieuw in via de link hieronder.') SSSS SS SSSSSSSSSS SSSSSS SSSSSSS SS SSS SS SSSS SSSSSSSSSSBBBBBBB BBBBBBBB BBB BBBBBBBBBBBBBBB

 gettext(u'Toelichting:')  BBBBB

 gettext(u'Bekijk de berekening:')  

XX
 gettext(u'U ontvangt dit bericht omdat %(reason)s. Vragen? Mail %(contact_email)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSSSSSSSSSS
