package io.syncmesh.devstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The broker JVM's classpath: the jars devstack-broker resolved, plus this module's {@link BrokerMain}. */
final class BrokerClasspath {

    static final String RESOURCE = "io/syncmesh/devstack/broker/kafka-broker.classpath";
    private static final Pattern KAFKA_JAR = Pattern.compile("kafka_2\\.13-([^/\\\\]+)\\.jar$");

    private BrokerClasspath() {
    }

    /** The jars of org.apache.kafka:kafka_2.13 and its runtime dependencies, as written at build time. */
    static List<String> brokerJars() {
        try (InputStream in = BrokerClasspath.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing: add io.syncmesh:devstack-broker "
                        + "(with all transitive dependencies excluded) to the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return Arrays.stream(text.split(Pattern.quote(File.pathSeparator))).filter(s -> !s.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The version of the kafka_2.13 jar the broker runs, taken from its file name. */
    static String kafkaVersion() {
        for (String jar : brokerJars()) {
            Matcher m = KAFKA_JAR.matcher(jar);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("no kafka_2.13 jar in " + RESOURCE);
    }

    /** The full -cp value: where BrokerMain was loaded from (a jar or target/classes) first, then the broker jars. */
    static String forBrokerJvm() {
        return ownLocation() + File.pathSeparator + String.join(File.pathSeparator, brokerJars());
    }

    private static String ownLocation() {
        try {
            return Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the devstack classes", e);
        }
    }
}
