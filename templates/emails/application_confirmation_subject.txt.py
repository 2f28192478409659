BBBB BBBB gettext(u'Bevestiging aanmelding partnerschool %(school)s') SSSSSSSSSSS SSSSSSSSSS SSSSSSSSSSSSS SSSSSSSSSS
