package org.cairn.durability;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which file holds an embedded journal. H2 writes a commit to its file without forcing it to disk (a commit
 * survives the process dying, not the machine losing power), so Cairn forces that file itself, in groups, before
 * it acknowledges. Server databases such as PostgreSQL make their own commits durable: nothing to force.
 */
public final class JournalFiles {
    private static final String H2_FILE = "jdbc:h2:file:";

    private JournalFiles() {
    }

    /** The H2 database file behind {@code jdbcUrl}, if it is an embedded H2 file database. */
    public static Optional<Path> embeddedFile(String jdbcUrl) {
        if (!jdbcUrl.startsWith(H2_FILE)) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring(H2_FILE.length());
        int options = rest.indexOf(';');
        String base = options < 0 ? rest : rest.substring(0, options);
        return Optional.of(Path.of(base + ".mv.db").toAbsolutePath());
    }
}
