# DO NOT EDIT: set the karuta.* properties in start.d/karuta.ini (or on the start.jar command line).

[description]
Karuta BitTorrent tracker: hands every karuta.* property to webapps/karuta.xml, which deploys
webapps/karuta.war at / and passes each one to the webapp as a context init-parameter.

[tags]
karuta

[environment]
ee10

[depend]
ee10-deploy
ee10-websocket-jakarta
karuta-realm

[xml]
etc/karuta-environment.xml
