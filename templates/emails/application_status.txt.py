BBBB BBBB gettext(u'Beste collega,\n\nDe status van de aanmelding van %(school)s voor %(tranche)s van LOB Ambassadeurs is nu: %(status)s.') SSSSS SSSSSSSS

SS SSSSSS SSS SS SSSSSSSSSS SSS SSSSSSSSSS SSSS SSSSSSSSSSS SSS SSS SSSSSSSSSSSS SS SSS SSSSSSSSSSS

 gettext(u'Toelichting van de VO-raad:') 


 gettext(u'Het verloop van uw aanmelding ziet u op %(site_url)s%(status_url)s.') SSS SSSSSSS SSS SS SSSSSSSSSS SSSS S SS SSSSSSSSSSSSSSSSSSSSSSSSSSS

XX
 gettext(u'U ontvangt dit bericht omdat %(reason)s. Vragen? Mail %(contact_email)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSS SSSSSSS SSSS SSSSSSSSSSSSSSSSSS
 gettext(u'LOB Ambassadeurs – Stimulering LOB / VO-raad') 
