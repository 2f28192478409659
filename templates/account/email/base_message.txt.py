BBBB BBBBBBBBBBBBBB BBB gettext(u'Beste collega,') 

BBBBB BBBBBBBBBBBBBBB BBBBBBB

 gettext(u'Met vriendelijke groet,') 
 gettext(u'Het programmateam LOB Ambassadeurs') 

XX
 gettext(u'Vragen? Mail het programmateam LOB Ambassadeurs: %(contact_email)s.') SSSSSSS SSSS SSS SSSSSSSSSSSSS SSS SSSSSSSSSSSSS SSSSSSSSSSSSSSSSSS
 gettext(u'LOB Ambassadeurs – Stimulering LOB / VO-raad') 
BBBBBBBBBBBBB
