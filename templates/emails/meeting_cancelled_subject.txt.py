BBBB BBBB gettext(u'Geannuleerd: %(meeting)s van %(school)s') SSSSSSSSSSSS SSSSSSSSSSS SSS SSSSSSSSSS
