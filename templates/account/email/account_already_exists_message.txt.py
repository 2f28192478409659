BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBBBBBBBBBBBBBB BBB gettext(u'Iemand heeft geprobeerd met dit e-mailadres (%(email)s) een account aan te maken bij LOB Ambassadeurs. Er bestaat al een account met dit adres: u kunt gewoon inloggen.') SSSSSS SSSSS SSSSSSSSSS SSS SSS SSSSSSSSSSS SSSSSSSSSSS SSS SSSSSSS SSS SS SSSSS SSS SSS SSSSSSSSSSSSS SS SSSSSSS SS SSS SSSSSSS SSS SSS SSSSSS S SSSS SSSSSS SSSSSSSSS

 gettext(u'Bent u uw wachtwoord vergeten? Kies dan een nieuw wachtwoord via deze link:') 



 gettext(u'Heeft u dit niet zelf gedaan? Dan kunt u dit bericht negeren; er gebeurt dan niets.') BBBBBBBBBBBBBBBBBBBBB BBBBBBB
