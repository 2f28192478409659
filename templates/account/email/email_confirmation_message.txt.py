BBBBBBB BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBBBBBBBBBBBBBBB BBB gettext(u'Dit e-mailadres is opgegeven voor een account bij LOB Ambassadeurs, het programma van Stimulering LOB en de VO-raad waarin scholen van elkaars good practices leren.') 

BB BBBB gettext(u'Uw bevestigingscode staat hieronder. Vul deze in op de pagina die nog in uw browser openstaat.') 

BBBB gettext(u'Bevestig uw e-mailadres via deze link:') 

BBBBB
BB BBBBBBBBBB
 gettext(u'Wat u in het aanmeldformulier invulde, staat klaar in de browser waarin u het invulde. Open de link daarom het liefst in die browser. Opent u hem ergens anders, bijvoorbeeld op uw telefoon, log dan daarna in de eerste browser in: daar staat het formulier weer voor u klaar.') 
BBBBB
 gettext(u'Heeft u geen account aangevraagd? Dan kunt u dit bericht negeren; er gebeurt dan niets.') BBBBBBBBBBBBBBBBBBBBB BBBBBBB
