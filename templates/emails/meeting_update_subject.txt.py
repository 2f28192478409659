BBBB BBBB gettext(u'Gewijzigd: %(meeting)s van %(school)s') SSSSSSSSSS SSSSSSSSSSS SSS SSSSSSSSSS
