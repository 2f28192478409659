BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBBBBBBBBBBBBBB BBB gettext(u'Er is een nieuw wachtwoord gevraagd voor uw account bij LOB Ambassadeurs. Via deze link kiest u een nieuw wachtwoord:') 



 gettext(u'Heeft u dit niet zelf gevraagd? Dan kunt u dit bericht negeren; uw wachtwoord blijft dan hetzelfde.') BBBBBBBBBBBBBBBBBBBBB BBBBBBB
