package org.cairn.load.peers;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real DICOM peers started as processes on loopback, for interop tests and side-by-side benchmarks: DCMTK's
 * storescp and Orthanc. Neither has a bind
 * address option, so both run with the shared bind127 preload that turns wildcard binds into loopback ones.
 */
public final class Peers {
    private Peers() {
    }

    /** A running peer process (its DIMSE port, and its HTTP port or 0); closing it stops the process. */
    public record Peer(Process process, int port, Path dir, int httpPort) implements AutoCloseable {
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static Path sharedTools() {
        String projectRoot = System.getProperty("cairn.projectRoot", "..");
        return Path.of(projectRoot).toAbsolutePath().normalize().resolveSibling("shared").resolve("tools");
    }

    /** Builds bind127.so into {@code dir} from the shared tools. */
    public static Path bind127(Path dir) throws IOException, InterruptedException {
        Path so = dir.resolve("bind127.so");
        if (!Files.exists(so)) {
            Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O2", "-o", so.toString(),
                sharedTools().resolve("bind127.c").toString(), "-ldl").inheritIO().start();
            if (gcc.waitFor() != 0) {
                throw new IOException("could not build bind127.so");
            }
        }
        return so;
    }

    /** Ports handed out by this JVM: the kernel may offer a just-closed port again, so two listeners could get one. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    /** DCMTK storescp writing what it receives into {@code dir}, accepting every transfer syntax it knows. */
    public static Peer storescp(Path dir, String aeTitle) throws Exception {
        return storescp(dir, aeTitle, false);
    }

    /**
     * As {@link #storescp(Path, String)}; with {@code fork} it serves each association in a child process (its
     * only way to serve several at once).
     */
    public static Peer storescp(Path dir, String aeTitle, boolean fork) throws Exception {
        int port = freePort();
        Path out = Files.createDirectories(dir.resolve("received"));
        List<String> command = new ArrayList<>(List.of("storescp", "-aet", aeTitle, "+xa", "-od", out.toString()));
        if (fork) {
            command.add("--fork");
        }
        command.add(Integer.toString(port));
        return start(new ProcessBuilder(command), dir, port, out, 0);
    }

    /** Orthanc with a configuration of its own: storage in {@code dir}, HTTP on loopback, no remote access. */
    public static Peer orthanc(Path dir, String aeTitle, Map<String, String> modalities) throws Exception {
        return orthanc(dir, aeTitle, modalities, 4);
    }

    /** As {@link #orthanc(Path, String, Map)} with {@code dicomThreads} associations served at once. */
    public static Peer orthanc(Path dir, String aeTitle, Map<String, String> modalities, int dicomThreads)
        throws Exception {
        return orthanc(dir, aeTitle, modalities, dicomThreads, false);
    }

    /** As {@link #orthanc(Path, String, Map, int)}, with Debian's DICOMweb plugin on {@code /dicom-web/} if asked. */
    public static Peer orthanc(Path dir, String aeTitle, Map<String, String> modalities, int dicomThreads,
                               boolean dicomWeb) throws Exception {
        return orthanc(dir, aeTitle, modalities, dicomThreads, dicomWeb ? Map.of() : null, false);
    }

    /**
     * Orthanc with Debian's DICOMweb plugin as a DICOMweb client too: {@code dicomWebServers} maps a server name to
     * its entry in the plugin's {@code "DicomWeb": {"Servers": ...}} (a JSON object such as
     * {@code {"Url": "http://127.0.0.1:8042/dicom-web/", "Username": "u", "Password": "p"}}), reachable under
     * {@code /dicom-web/servers/NAME/}. With {@code verbose}, Orthanc logs at its {@code --verbose} level into
     * {@code dir/peer.log}, where the plugin says why it refused an answer.
     */
    public static Peer orthancDicomWebClient(Path dir, String aeTitle, Map<String, String> modalities,
                                             Map<String, String> dicomWebServers, boolean verbose) throws Exception {
        return orthanc(dir, aeTitle, modalities, 4, dicomWebServers, verbose);
    }

    /** {@code dicomWebServers} null: no DICOMweb plugin. */
    private static Peer orthanc(Path dir, String aeTitle, Map<String, String> modalities, int dicomThreads,
                                Map<String, String> dicomWebServers, boolean verbose) throws Exception {
        boolean dicomWeb = dicomWebServers != null;
        StringBuilder servers = new StringBuilder();
        if (dicomWeb) {
            dicomWebServers.forEach((name, spec) -> servers.append(servers.length() == 0 ? "" : ",").append('"')
                .append(name).append("\":").append(spec));
        }
        int dicomPort = freePort();
        int httpPort = freePort();
        StringBuilder mods = new StringBuilder();
        modalities.forEach((name, spec) -> mods.append(mods.length() == 0 ? "" : ",").append('"').append(name)
            .append("\":").append(spec));
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, """
            {
              "Name": "cairn-test",
              "StorageDirectory": "%s",
              "IndexDirectory": "%s",
              "DicomAet": "%s",
              "DicomPort": %d,
              "HttpPort": %d,
              "RemoteAccessAllowed": false,
              "AuthenticationEnabled": false,
              "DicomCheckCalledAet": true,
              "DicomAlwaysAllowEcho": true,
              "DicomAlwaysAllowStore": true,
              "DicomAlwaysAllowFind": true,
              "DicomAlwaysAllowMove": true,
              "DicomAlwaysAllowGet": true,
              "UnknownSopClassAccepted": true,
              "DicomModalities": { %s },
              "DicomThreadsCount": %d,
              "Plugins": [%s],
              "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "Servers": { %s } }
            }
            """.formatted(dir.resolve("storage"), dir.resolve("index"), aeTitle, dicomPort, httpPort, mods,
            dicomThreads, dicomWeb ? "\"/usr/share/orthanc/plugins/libOrthancDicomWeb.so\"" : "", servers));
        ProcessBuilder pb = verbose ? new ProcessBuilder("Orthanc", "--verbose", config.toString())
            : new ProcessBuilder("Orthanc", config.toString());
        return start(pb, dir, dicomPort, dir.resolve("storage"), httpPort);
    }

    private static Peer start(ProcessBuilder pb, Path dir, int port, Path dataDir, int httpPort) throws Exception {
        pb.environment().put("LD_PRELOAD", bind127(dir).toString());
        pb.environment().put("TCP_NODELAY", "1");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("peer.log").toFile());
        Process process = pb.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(pb.command().get(0) + " exited: " + Files.readString(dir.resolve("peer.log")));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return new Peer(process, port, dataDir, httpPort);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException(pb.command().get(0) + " did not listen on " + port + " within 30 s");
    }

    /** Every regular file below {@code dir}. */
    public static List<Path> filesIn(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        return files;
    }
}
