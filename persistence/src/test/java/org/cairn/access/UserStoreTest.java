package org.cairn.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.cairn.journal.JournalSchema;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The users table on H2 as Flyway creates it. */
class UserStoreTest {
    private static final Instant T = Instant.parse("2027-01-01T08:00:00Z");
    private static int databases;
    private UserStore users;

    static JdbcDataSource database(String name) {
        String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser("cairn");
        h2.setPassword("");
        return h2;
    }

    @BeforeEach
    void open() {
        users = new UserStore(database("users" + (++databases)));
    }

    @Test
    void usersAreCreatedFoundListedUpdatedAndDeleted() throws Exception {
        User jane = new User("jane.doe", "hash-1", Set.of(Role.RADIOLOGIST, Role.VIEWER), T, T);
        assertThat(users.create(jane)).isTrue();
        assertThat(users.create(new User("admin", "hash-2", Set.of(Role.ADMIN), T, T))).isTrue();

        assertThat(users.find("jane.doe")).contains(jane);
        assertThat(users.find("nobody")).isEmpty();
        assertThat(users.list()).extracting(User::name).containsExactly("admin", "jane.doe");

        User changed = jane.with("hash-3", Set.of(Role.TECHNICIAN), T.plusSeconds(60));
        assertThat(users.update(changed)).isTrue();
        assertThat(users.find("jane.doe")).hasValueSatisfying(u -> {
            assertThat(u.passwordHash()).isEqualTo("hash-3");
            assertThat(u.roles()).containsExactly(Role.TECHNICIAN);
            assertThat(u.createdAt()).isEqualTo(T);
            assertThat(u.updatedAt()).isEqualTo(T.plusSeconds(60));
        });

        assertThat(users.delete("jane.doe")).isTrue();
        assertThat(users.delete("jane.doe")).isFalse();
        assertThat(users.update(changed)).as("no such user any more").isFalse();
    }

    @Test
    void aTakenNameIsNotOverwritten() throws Exception {
        assertThat(users.create(new User("sam", "first", Set.of(Role.VIEWER), T, T))).isTrue();
        assertThat(users.create(new User("sam", "second", Set.of(Role.ADMIN), T, T))).isFalse();
        assertThat(users.find("sam")).hasValueSatisfying(u -> assertThat(u.passwordHash()).isEqualTo("first"));
    }

    @Test
    void aUserPrintsWithoutItsHash() {
        User user = new User("sam", "pbkdf2-sha256$600000$salt$secret", Set.of(Role.VIEWER), T, T);
        assertThat(user.toString()).contains("sam", "viewer").doesNotContain("secret", "pbkdf2");
    }
}
