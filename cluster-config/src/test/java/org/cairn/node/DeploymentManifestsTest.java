package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests and the systemd unit agree with the {@code kubernetes} profile and the node's defaults:
 * probes on the management endpoint's port and paths, container ports, shutdown time longer than the drain.
 */
class DeploymentManifestsTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<JsonNode> documents;
    private static Config profile;

    @BeforeAll
    static void load(@TempDir Path scratch) throws IOException {
        documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(YAML.readerFor(JsonNode.class).readValues(file.toFile()).readAll()
                    .stream().map(JsonNode.class::cast).toList());
            }
        }
        profile = kubernetesProfile(scratch);
    }

    /**
     * The kubernetes profile over the modules' defaults. It includes cluster.conf, written separately: until that
     * exists, the profile is read next to a stand-in saying only what the manifests expect of it.
     */
    private static Config kubernetesProfile(Path scratch) throws IOException {
        Config parsed;
        if (DeploymentManifestsTest.class.getClassLoader().getResource("profiles/cluster.conf") != null) {
            parsed = ConfigFactory.parseResources("profiles/kubernetes.conf");
        } else {
            try (InputStream own = DeploymentManifestsTest.class.getClassLoader()
                    .getResourceAsStream("profiles/kubernetes.conf")) {
                assertThat(own).as("profiles/kubernetes.conf on the classpath").isNotNull();
                Files.write(scratch.resolve("kubernetes.conf"), own.readAllBytes());
            }
            // what cluster.conf is to say that the manifests rely on: Artery's port (CAIRN_CLUSTER_PORT's default)
            Files.writeString(scratch.resolve("cluster.conf"), "pekko.remote.artery.canonical.port = 25520\n");
            parsed = ConfigFactory.parseFile(scratch.resolve("kubernetes.conf").toFile());
        }
        return parsed.withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve();
    }

    @Test
    void everyManifestParsesAndTheKustomizationListsThemAll() throws IOException {
        assertThat(documents).allSatisfy(document -> {
            assertThat(document.path("apiVersion").asText()).isNotBlank();
            assertThat(document.path("kind").asText()).isNotBlank();
        });
        Set<String> listed = new TreeSet<>();
        only("Kustomization").path("resources").forEach(resource -> listed.add(resource.asText()));
        Set<String> present;
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            present = files.map(f -> f.getFileName().toString())
                .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(listed).isEqualTo(present);
        assertThat(documents.stream().map(d -> d.path("metadata").path("namespace")).filter(n -> !n.isMissingNode()))
            .as("namespace-agnostic").isEmpty();
    }

    @Test
    void probesAskTheManagementEndpointForThePathsTheProfileConfigures() {
        Map<String, Integer> ports = containerPorts();
        assertThat(ports.get("management")).isEqualTo(profile.getInt("pekko.management.http.port"));
        assertThat(profile.getString("pekko.management.http.base-path")).isEmpty();
        String ready = "/" + profile.getString("pekko.management.health-checks.readiness-path");
        String alive = "/" + profile.getString("pekko.management.health-checks.liveness-path");

        JsonNode container = container();
        assertThat(probe(container, "readinessProbe")).isEqualTo("management " + ready);
        assertThat(probe(container, "livenessProbe")).isEqualTo("management " + alive);
        assertThat(probe(container, "startupProbe")).isEqualTo("management " + alive);
        assertThat(profile.getStringList("pekko.management.cluster.health-check.ready-states"))
            .containsExactlyInAnyOrder("Up", "WeaklyUp");
    }

    @Test
    void containerPortsAreTheProfilesDefaults() {
        assertThat(containerPorts()).isEqualTo(Map.of(
            "dicom", profile.getInt("cairn.dicom.port"),
            "http", profile.getInt("cairn.http.port"),
            "hl7", profile.getInt("cairn.hl7.port"),
            "management", profile.getInt("pekko.management.http.port"),
            "remoting", profile.getInt("pekko.remote.artery.canonical.port")));
        for (JsonNode service : all("Service")) {
            assertThat(service.path("spec").path("ports")).allSatisfy(port ->
                assertThat(containerPorts()).containsKey(port.path("targetPort").asText()));
        }
    }

    @Test
    void theNodesStopWithinTheirGracePeriodAfterTheDrain() throws IOException {
        long mustOutlast = Math.max(profile.getDuration("cairn.dicom.drain-timeout").toSeconds(),
            profile.hasPath("pekko.coordinated-shutdown.phases.service-requests-done.timeout")
                ? profile.getDuration("pekko.coordinated-shutdown.phases.service-requests-done.timeout").toSeconds()
                : 0);
        long grace = only("StatefulSet").path("spec").path("template").path("spec")
            .path("terminationGracePeriodSeconds").asLong();
        assertThat(grace).isGreaterThan(mustOutlast);

        String timeoutStop = Files.readAllLines(DEPLOY.resolve("systemd/cairn.service")).stream()
            .filter(line -> line.startsWith("TimeoutStopSec=")).findFirst().orElseThrow()
            .substring("TimeoutStopSec=".length());
        assertThat(Long.parseLong(timeoutStop)).isGreaterThan(mustOutlast);
    }

    @Test
    void clusterBootstrapFindsTheStatefulSetsPods() {
        String discovery = "pekko.management.cluster.bootstrap.contact-point-discovery.";
        assertThat(profile.getBoolean("cairn.management.enabled")).isTrue();
        assertThat(profile.getBoolean("cairn.management.bootstrap")).isTrue();
        assertThat(profile.getString(discovery + "discovery-method")).isEqualTo("kubernetes-api");
        assertThat(containerPorts()).containsKey(profile.getString(discovery + "port-name"));

        JsonNode statefulSet = only("StatefulSet").path("spec");
        assertThat(statefulSet.path("podManagementPolicy").asText()).isEqualTo("Parallel");
        String selector = profile.getString("pekko.discovery.kubernetes-api.pod-label-selector")
            .replace("%s", profile.getString(discovery + "service-name"));
        assertThat(selector).isEqualTo("app=cairn");
        assertThat(statefulSet.path("template").path("metadata").path("labels").path("app").asText())
            .isEqualTo("cairn");
        Map<String, JsonNode> env = new TreeMap<>();
        container().path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));
        assertThat(env.get("CAIRN_BOOTSTRAP_REQUIRED_CONTACT_POINTS").path("value").asInt())
            .isEqualTo(statefulSet.path("replicas").asInt())
            .isEqualTo(profile.getInt(discovery + "required-contact-point-nr"));
        assertThat(env.get("POD_IP").path("valueFrom").path("fieldRef").path("fieldPath").asText())
            .isEqualTo("status.podIP");
        assertThat(statefulSet.path("template").path("spec").path("serviceAccountName").asText())
            .isEqualTo(only("ServiceAccount").path("metadata").path("name").asText());
        assertThat(StreamSupport.stream(only("Role").path("rules").spliterator(), false)
            .filter(rule -> rule.path("resources").toString().contains("\"pods\""))
            .flatMap(rule -> StreamSupport.stream(rule.path("verbs").spliterator(), false).map(JsonNode::asText)))
            .contains("get", "watch", "list");
        assertThat(only("PodDisruptionBudget").path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
    }

    private static JsonNode container() {
        JsonNode containers = only("StatefulSet").path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, Integer> containerPorts() {
        Map<String, Integer> ports = new TreeMap<>();
        container().path("ports").forEach(port -> ports.put(port.path("name").asText(),
            port.path("containerPort").asInt()));
        return ports;
    }

    private static String probe(JsonNode container, String name) {
        JsonNode get = container.path(name).path("httpGet");
        return get.path("port").asText() + " " + get.path("path").asText();
    }

    private static JsonNode only(String kind) {
        List<JsonNode> found = all(kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static List<JsonNode> all(String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }
}
