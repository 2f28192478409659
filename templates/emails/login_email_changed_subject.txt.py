BBBB BBBB gettext(u'Uw e-mailadres voor LOB Ambassadeurs is gewijzigd') 
