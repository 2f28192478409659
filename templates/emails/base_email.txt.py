BBBB BBBBBBBBBBBBBB BBBBBBBB BBBBBBBBBB BBBB gettext(u'Beste %(name)s,') SSSSS SSSSSSSSSBBBB gettext(u'Beste collega,') BBBBBBBBBBBBB

BBBBB BBBBBBBBBBBBBBB

XX
BBBBB BBB gettext(u'U ontvangt dit bericht omdat %(reason)s.') S SSSSSSSS SSS SSSSSSS SSSSS SSSSSSSSSSSBBBBBBBB
BBBBB BBBBBBBBB BBBBBBBBBBBB gettext(u'Vragen? Neem contact op met %(contact_name)s (%(contact_email)s).') SSSSSSS SSSS SSSSSSS SS SSS SSSSSSSSSSSSSSSS SSSSSSSSSSSSSSSSSSSSBBBB gettext(u'Vragen? Mail het programmateam LOB Ambassadeurs: %(contact_email)s.') SSSSSSS SSSS SSS SSSSSSSSSSSSS SSS SSSSSSSSSSSSS SSSSSSSSSSSSSSSSSSBBBBBBBBBBBBB
 gettext(u'LOB Ambassadeurs – Stimulering LOB / VO-raad') 
BBBBBBBBBBBBB
