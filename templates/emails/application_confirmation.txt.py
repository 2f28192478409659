BBBB BBBB gettext(u'Beste collega,\n\nWij hebben de aanmelding van %(school)s als partnerschool voor %(tranche)s van LOB Ambassadeurs ontvangen op %(submitted_at)s.') SSSSS SSSSSSSS

SSS SSSSSS SS SSSSSSSSSS SSS SSSSSSSSSS SSS SSSSSSSSSSSSS SSSS SSSSSSSSSSS SSS SSS SSSSSSSSSSSS SSSSSSSSS SS SSSSSSSSSSSSSSSSSBB BBBB  gettext(u'U heeft ingediend met een verlenging van de deadline.') BBBBB

 gettext(u'Samenvatting') 
 gettext(u'School:')  BB BBBBX BBBBBBB BBBB XXBBBBB
 gettext(u'Projectleider:')  
 gettext(u'Schoolleider:')  

 gettext(u'Uw keuzes:') 
BBB B BB BBBBBBBBBBBX 
BBBBBB
 gettext(u'Werkgroep:') 
BBB B BB BBBBBBBX 
BBBBBB
 gettext(u'Een bevestiging met al uw antwoorden zit als PDF bij dit bericht. De status volgt u op %(site_url)s%(status_url)s. Na de deadline koppelt de VO-raad uw school aan een ambassadeursschool en een externe adviseur; u hoort dan van ons.') SSS SSSSSSSSSSS SSS SS SS SSSSSSSSSS SSS SSS SSS SSS SSS SSSSSSSS SS SSSSSS SSSSS S SS SSSSSSSSSSSSSSSSSSSSSSSSSSS SS SS SSSSSSSS SSSSSSS SS SSSSSSS SS SSSSSS SSS SSS SSSSSSSSSSSSSSSSSS SS SSS SSSSSSS SSSSSSSSS S SSSSS SSS SSS SSSS

XX
 gettext(u'U ontvangt dit bericht omdat %(reason)s. Vragen? Mail %(contact_email)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSSSSSSSSSS
 gettext(u'LOB Ambassadeurs – Stimulering LOB / VO-raad') 
