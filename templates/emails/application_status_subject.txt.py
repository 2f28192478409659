BBBB BBBB gettext(u'Uw aanmelding als partnerschool: %(status)s') SS SSSSSSSSSS SSS SSSSSSSSSSSSSS SSSSSSSSSS
