package org.cairn.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The access audit written by the batching writer and read back by page and filter, on H2. */
class AccessAuditTest {
    private static final Instant T = Instant.parse("2027-01-05T10:00:00Z");
    private static int databases;
    private DataSource database;

    @BeforeEach
    void open() {
        database = UserStoreTest.database("audit" + (++databases));
    }

    private static AccessRecord access(int minute, String principal, String study) {
        return new AccessRecord(T.plus(Duration.ofMinutes(minute)), principal,
            principal == null ? Set.of() : Set.of(Role.RADIOLOGIST), "GET",
            study == null ? "/api/worklist" : "/dicomweb/studies/" + study + "/metadata", principal == null ? 401 : 200,
            "127.0.0.1", study);
    }

    private AccessAudit.Page read(AccessAuditFilter filter) throws Exception {
        try (Connection c = database.getConnection()) {
            return AccessAudit.read(c, filter);
        }
    }

    @Test
    void theWriterStoresEveryQueuedRowByClose() throws Exception {
        AccessAuditLog log = new AccessAuditLog(database);
        for (int i = 0; i < 1200; i++) {
            log.accept(access(i % 60, "jane", "1.2.3." + (i % 3)));
        }
        log.accept(access(0, null, null));
        log.close();
        AccessAudit.Page page = read(new AccessAuditFilter(null, null, null, null, null, 1000));
        assertThat(page.entries()).hasSize(1000);
        assertThat(page.nextBefore()).isNotNull();
        AccessAudit.Page rest = read(new AccessAuditFilter(null, null, null, null, page.nextBefore(), 1000));
        assertThat(rest.entries()).hasSize(201);
        assertThat(rest.nextBefore()).isNull();
        AccessRecord refused = page.entries().get(0).access();
        assertThat(refused.principal()).isNull();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.roles()).isEmpty();
        assertThat(log.dropped()).isZero();
        log.accept(access(0, "late", null));
        assertThat(log.dropped()).as("a closed log drops rather than blocks").isEqualTo(1);
    }

    @Test
    void rowsAreFilteredByPrincipalStudyAndTimeNewestFirst() throws Exception {
        AccessAuditLog log = new AccessAuditLog(database);
        log.accept(access(1, "jane", "1.2.3"));
        log.accept(access(2, "sam", "1.2.3"));
        log.accept(access(3, "jane", "1.2.4"));
        log.accept(access(4, "jane", null));
        log.close();

        List<AccessAudit.Entry> jane = read(new AccessAuditFilter("jane", null, null, null, null, 10)).entries();
        assertThat(jane).extracting(e -> e.access().at()).containsExactly(T.plus(Duration.ofMinutes(4)),
            T.plus(Duration.ofMinutes(3)), T.plus(Duration.ofMinutes(1)));
        AccessRecord first = jane.get(2).access();
        assertThat(first.uri()).isEqualTo("/dicomweb/studies/1.2.3/metadata");
        assertThat(first.studyInstanceUid()).isEqualTo("1.2.3");
        assertThat(first.roles()).containsExactly(Role.RADIOLOGIST);
        assertThat(first.remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(first.method()).isEqualTo("GET");

        assertThat(read(new AccessAuditFilter(null, "1.2.3", null, null, null, 10)).entries())
            .extracting(e -> e.access().principal()).containsExactly("sam", "jane");
        assertThat(read(new AccessAuditFilter("jane", null, T.plus(Duration.ofMinutes(3)), T.plus(Duration.ofMinutes(4)),
            null, 10)).entries()).extracting(e -> e.access().studyInstanceUid()).containsExactly("1.2.4");
        AccessAudit.Page firstPage = read(new AccessAuditFilter(null, null, null, null, null, 3));
        assertThat(firstPage.entries()).hasSize(3);
        assertThat(read(new AccessAuditFilter(null, null, null, null, firstPage.nextBefore(), 3)).entries())
            .extracting(e -> e.access().principal()).containsExactly("jane");
    }

    @Test
    void overLongValuesAreCutNotRefused() throws Exception {
        AccessAuditLog log = new AccessAuditLog(database);
        log.accept(new AccessRecord(T, "x".repeat(1000), Set.of(), "GET", "/" + "a".repeat(10_000), 200, "::1", null));
        log.close();
        AccessRecord stored = read(new AccessAuditFilter(null, null, null, null, null, 1)).entries().get(0).access();
        assertThat(stored.uri()).hasSize(AccessSchema.MAX_URI);
        assertThat(stored.principal()).hasSize(AccessSchema.MAX_PRINCIPAL);
    }
}
