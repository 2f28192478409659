BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBBBBBBBBBBBBBB BBB gettext(u'Iemand heeft voor het e-mailadres %(email)s een nieuw wachtwoord gevraagd bij LOB Ambassadeurs. Bij dit adres hoort geen account.') SSSSSS SSSSS SSSS SSS SSSSSSSSSSS SSSSSSSSS SSS SSSSS SSSSSSSSSS SSSSSSSS SSS SSS SSSSSSSSSSSSS SSS SSS SSSSS SSSSS SSSS SSSSSSSS

 gettext(u'Heeft u dit niet zelf gedaan? Dan kunt u dit bericht negeren; er gebeurt dan niets.') 

 gettext(u'Wilt u een account aanmaken? Dat kan via deze link:') 

BBBBBBBBBBBBBBBBBBBBB BBBBBBB
