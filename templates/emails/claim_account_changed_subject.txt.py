BBBB BBBB gettext(u'Rekening gewijzigd voor declaratie %(number)s – %(school)s') SSSSSSSS SSSSSSSSS SSSS SSSSSSSSSS SSSSSSSSSS S SSSSSSSSSS
