BBBB BBBB gettext(u'Declaratie verletkosten ontvangen – %(school)s') SSSSSSSSSS SSSSSSSSSSSS SSSSSSSSS S SSSSSSSSSS
