BBBB BBBB gettext(u'Uitnodiging: %(meeting)s van %(school)s') SSSSSSSSSSSS SSSSSSSSSSS SSS SSSSSSSSSS
