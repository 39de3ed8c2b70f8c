package org.cairn.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code ./cairn start}, as configuration overrides: {@code [--profile NAME] [--data-dir DIR]
 * [--dicom-port N] [--http-port N] [--hl7-port N] [--ae-title T] [--bind ADDRESS] [--config FILE]
 * [--admin-password X]}. The administrator password becomes {@code cairn.auth.admin-password}; since a command line
 * is visible to other local users, {@code CAIRN_ADMIN_PASSWORD} in the environment does the same more discreetly.
 */
public record NodeOptions(Map<String, Object> overrides, Path configFile, String profile) {

    public static final String USAGE = "usage: cairn start [--profile single-node|postgres|cluster|cassandra|kubernetes] "
        + "[--data-dir DIR] [--blob-dir DIR] [--dicom-port N] [--http-port N] [--hl7-port N] [--ae-title T] "
        + "[--bind ADDRESS] [--cluster-host HOST] [--cluster-port N] [--seed pekko://cairn@HOST:PORT]... "
        + "[--config FILE] [--admin-password X]";

    /** Parses the arguments; an unknown option or a missing or malformed value is an IllegalArgumentException. */
    public static NodeOptions parse(String... args) {
        Map<String, Object> overrides = new HashMap<>();
        List<String> seeds = new java.util.ArrayList<>();
        Path configFile = null;
        String profile = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--data-dir" -> overrides.put("cairn.data-dir", Path.of(value).toAbsolutePath().toString());
                case "--blob-dir" -> overrides.put("cairn.blobs.path", Path.of(value).toAbsolutePath().toString());
                case "--cluster-host" -> overrides.put("pekko.remote.artery.canonical.hostname", value);
                case "--cluster-port" -> overrides.put("pekko.remote.artery.canonical.port", port(option, value));
                case "--seed" -> {
                    if (!value.startsWith("pekko://")) {
                        throw new IllegalArgumentException("--seed takes a node address such as "
                            + "pekko://cairn@10.0.0.11:25520, not " + value);
                    }
                    seeds.add(value);
                    overrides.put("pekko.cluster.seed-nodes", List.copyOf(seeds));
                }
                case "--dicom-port" -> overrides.put("cairn.dicom.port", port(option, value));
                case "--http-port" -> overrides.put("cairn.http.port", port(option, value));
                case "--hl7-port" -> overrides.put("cairn.hl7.port", port(option, value));
                case "--ae-title" -> {
                    if (value.isBlank() || value.length() > 16) {
                        throw new IllegalArgumentException("--ae-title takes 1 to 16 characters");
                    }
                    overrides.put("cairn.dicom.ae-titles", List.of(value));
                }
                case "--bind" -> {
                    overrides.put("cairn.dicom.bind-address", value);
                    overrides.put("cairn.http.bind-address", value);
                    overrides.put("cairn.hl7.bind-address", value);
                }
                case "--admin-password" -> {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("--admin-password takes a non-blank password");
                    }
                    overrides.put("cairn.auth.admin-password", value);
                }
                case "--config" -> configFile = Path.of(value);
                case "--profile" -> {
                    if (NodeOptions.class.getClassLoader().getResource("profiles/" + value + ".conf") == null) {
                        throw new IllegalArgumentException("no profile " + value
                            + " (single-node, postgres, cluster, cassandra, kubernetes)");
                    }
                    profile = value;
                }
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return new NodeOptions(Map.copyOf(overrides), configFile, profile);
    }

    /** As a record's, with the administrator password masked: options may end up in a log line. */
    @Override
    public String toString() {
        Map<String, Object> shown = new HashMap<>(overrides);
        shown.computeIfPresent("cairn.auth.admin-password", (key, value) -> "***");
        return "NodeOptions[overrides=" + shown + ", configFile=" + configFile + ", profile=" + profile + "]";
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a port number from 0 to 65535, not " + value);
        }
    }

    /**
     * System properties over options over the given file (if any) over the profile over the modules' defaults,
     * resolved once merged so that overrides reach substitutions (the data directory in the journal URL).
     */
    public Config config() {
        Config file = ConfigFactory.empty();
        if (configFile != null) {
            if (!configFile.toFile().isFile()) {
                throw new IllegalArgumentException("--config: no such file " + configFile);
            }
            file = ConfigFactory.parseFile(configFile.toFile());
        }
        Map<String, Object> effective = new HashMap<>(overrides);
        String seedsFromEnvironment = System.getenv("CAIRN_SEED_NODES");
        if (!effective.containsKey("pekko.cluster.seed-nodes") && seedsFromEnvironment != null
            && !seedsFromEnvironment.isBlank()) {
            effective.put("pekko.cluster.seed-nodes", java.util.Arrays.stream(seedsFromEnvironment.split(","))
                .map(String::strip).filter(seed -> !seed.isEmpty()).toList());
        }
        Config merged = ConfigFactory.defaultOverrides()
            .withFallback(ConfigFactory.parseMap(effective))
            .withFallback(file)
            .withFallback(profile == null ? ConfigFactory.defaultApplication()
                : ConfigFactory.parseResources("profiles/" + profile + ".conf"))
            .withFallback(ConfigFactory.defaultReferenceUnresolved());
        Config resolved = merged.resolve();
        Path dataDir = Path.of(resolved.getString("cairn.data-dir"));
        if (dataDir.isAbsolute()) {
            return resolved;
        }
        // H2 refuses a database path relative to the working directory: the data directory is made absolute before
        // it reaches the journal URL
        return ConfigFactory.parseMap(Map.of("cairn.data-dir", dataDir.toAbsolutePath().toString()))
            .withFallback(merged).resolve();
    }
}
