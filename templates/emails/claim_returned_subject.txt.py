BBBB BBBB gettext(u'Betaling verletkosten teruggestuurd door de bank – %(school)s') SSSSSSSS SSSSSSSSSSSS SSSSSSSSSSSSS SSSS SS SSSS S SSSSSSSSSS
