# DO NOT EDIT: enable with --module=karuta-requestlog (see start.d/karuta-requestlog.ini).

[description]
Karuta's request log: Jetty's requestlog module (CustomRequestLog, AsyncRequestLogWriter, a file a
day under logs/) with a format that never shows a passkey or the Ocelot secret. The path and query
come from the request attribute karuta.logPath, which the webapp sets on every request with the
passkey of /PASSKEY/announce and /scrape, the secret of /SECRET/update and /report and the values of
credential parameters replaced by <passkey> and <secret>. Use it instead of the plain requestlog
module, whose %r, %U and %q print the raw path and query. A request Jetty answers before the webapp's
filters (a malformed request line, the admin login's 401) has no attribute: its path is logged as "-".
etc/karuta-requestlog.xml creates the log file's directory when it is missing.

[tags]
karuta
requestlog

[depend]
requestlog

[xml]
etc/karuta-requestlog.xml

[ini]
## NCSA combined, with the redacted path and query in place of the request line's URI and "-" for the
## Referer (a browser's Referer may be a site URL that holds a passkey).
jetty.requestlog.formatString?=%{client}a - %u %{dd/MMM/yyyy:HH:mm:ss ZZZ|GMT}t "%m %{karuta.logPath}attr %H" %s %O "-" "%{User-Agent}i"
## A restart appends to the day's file instead of starting it anew.
jetty.requestlog.append?=true
