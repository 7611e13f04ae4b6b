# DO NOT EDIT: the admin realm of the karuta module; see etc/karuta-realm.xml.

[description]
The HashLoginService "Karuta" for Karuta's admin pages and API (role karuta-admin), reading
admin-realm.properties in the Karuta data directory. Replace it with any LoginService named Karuta.

[tags]
karuta

[depend]
server
security

[xml]
etc/karuta-realm.xml
