package dev.karuta.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.karuta.app.TrackerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code jetty-base/} stays in step with the configuration table ({@link TrackerConfig#DEFAULTS}, from
 * {@code ConfigKeys}): every key, and no other, is documented in start.d/karuta.ini with its default,
 * made visible by the karuta module and handed to the webapp by webapps/karuta.xml. (JettyHomeIT proves
 * on a real jetty-home that the chain works.)
 */
class JettyBaseTest {
    private static final Path BASE = Path.of("jetty-base");

    @Test
    void contextXmlFeedsEveryKeyAsAnInitParameter() throws Exception {
        Pattern call = Pattern.compile("<Call name=\"setInitParameter\"><Arg>([^<]+)</Arg>"
                + "<Arg><Property name=\"([^\"]+)\" default=\"\"/></Arg></Call>");
        assertEquals(keys(), pairs(read("webapps/karuta.xml"), call));
    }

    @Test
    void karutaModuleCopiesEveryStartPropertyToTheEnvironment() throws Exception {
        Pattern call = Pattern.compile("<Call name=\"setAttribute\"><Arg>([^<]+)</Arg>"
                + "<Arg><Property name=\"([^\"]+)\"/></Arg></Call>");
        assertEquals(keys(), pairs(read("etc/karuta-environment.xml"), call));
        assertTrue(read("modules/karuta.mod").contains("etc/karuta-environment.xml"));
    }

    @Test
    void iniDocumentsEveryKeyWithItsDefault() throws Exception {
        String ini = read("start.d/karuta.ini");
        // The keys are core start properties: after --module=server (a --module line switches the
        // environment of the lines after it), before --module=karuta (an ee10 module).
        List<String> directives = ini.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(List.of("--module=server", "--module=karuta"), directives);
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^# (karuta\\.[\\w.]+)=(.*)$").matcher(ini);
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        List<String> missing = TrackerConfig.DEFAULTS.keySet().stream()
                .filter(k -> !documented.containsKey(k)).toList();
        assertEquals(List.of(), missing, "keys missing from start.d/karuta.ini");
        assertEquals(TrackerConfig.DEFAULTS, documented);
        assertTrue(!Pattern.compile("(?m)^karuta\\.").matcher(ini).find(), "every key is commented out");
    }

    /**
     * HTTPS ships off and documented: start.d/https.ini names the ssl and https modules and the keystore
     * properties (jetty-home 12.1's names: JettyHomeIT turns them on), every line commented out, the
     * password a placeholder.
     */
    @Test
    void httpsIniDocumentsTheTlsConnectorCommentedOut() throws Exception {
        String ini = read("start.d/https.ini");
        assertEquals(List.of(), ini.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList(),
                "HTTPS is off until the operator has a keystore");
        List<String> lines = ini.lines().toList();
        // Uncommenting "# --module=" lines turns HTTPS on (JettyHomeIT does so): no prose line may start so.
        assertEquals(List.of("ssl", "https", "ssl-reload"), lines.stream().filter(l -> l.startsWith("# --module="))
                .map(l -> l.substring("# --module=".length())).toList());
        for (String line : List.of("# --module=ssl", "# --module=https", "# jetty.ssl.port=8443",
                "# jetty.ssl.host=0.0.0.0", "# jetty.sslContext.keyStorePath=etc/keystore.p12",
                "# jetty.sslContext.keyStoreType=PKCS12", "# jetty.sslContext.keyStorePassword=CHANGE-ME")) {
            assertTrue(lines.contains(line), "start.d/https.ini lacks: " + line);
        }
    }

    private static List<String> keys() {
        List<String> pairs = new ArrayList<>();
        TrackerConfig.DEFAULTS.keySet().forEach(k -> pairs.add(k + "=" + k));
        return pairs;
    }

    /** "param=property" for each match: a key read from a property of another name would show. */
    private static List<String> pairs(String text, Pattern pattern) {
        List<String> pairs = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            pairs.add(m.group(1) + "=" + m.group(2));
        }
        return pairs;
    }

    private static String read(String relative) throws Exception {
        return Files.readString(BASE.resolve(relative), StandardCharsets.UTF_8);
    }
}
