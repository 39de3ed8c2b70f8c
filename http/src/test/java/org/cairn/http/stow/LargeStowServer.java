package org.cairn.http.stow;

import java.nio.file.Path;

/**
 * A node serving STOW-RS under {@code dataDir}, for a test that runs it in a JVM of its own with a small heap: prints
 * "port N" once it listens, and stops when its standard input ends.
 */
public final class LargeStowServer {
    private LargeStowServer() {
    }

    public static void main(String[] args) throws Exception {
        try (StowNode node = StowNode.start(Path.of(args[0]), StowNode.settings())) {
            System.out.println("port " + node.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the test closes our input
            }
        }
        System.exit(0);
    }
}
