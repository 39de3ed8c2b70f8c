package org.cairn.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminBootstrapTest {
    private static int databases;
    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
    private UserStore users;
    private AdminBootstrap bootstrap;
    @TempDir
    Path dataDir;

    @BeforeEach
    void open() {
        users = new UserStore(UserStoreTest.database("bootstrap" + (++databases)));
        bootstrap = new AdminBootstrap(users, hasher, new PasswordPolicy(12),
            Clock.fixed(Instant.parse("2027-01-01T08:00:00Z"), ZoneOffset.UTC));
    }

    /** Runs a start, returning what it printed. */
    private String start(Optional<String> password, AdminBootstrap.Outcome expected) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(bootstrap.run(password, dataDir, new PrintStream(out, true, StandardCharsets.UTF_8)))
            .isEqualTo(expected);
        return out.toString(StandardCharsets.UTF_8);
    }

    private boolean adminAccepts(String password) throws Exception {
        return hasher.verify(password, users.find("admin").orElseThrow().passwordHash());
    }

    @Test
    void firstStartWithoutAPasswordGeneratesOnePrintedOnceAndWrittenOnce() throws Exception {
        String printed = start(Optional.empty(), AdminBootstrap.Outcome.CREATED_WITH_GENERATED_PASSWORD);
        Path file = dataDir.resolve(AdminBootstrap.PASSWORD_FILE);
        String password = Files.readString(file).strip();
        assertThat(password).hasSize(24).matches("[A-Za-z2-9]+");
        assertThat(printed).contains(password).contains(file.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(adminAccepts(password)).isTrue();
        assertThat(users.find("admin").orElseThrow().roles()).containsExactly(Role.ADMIN);

        long modified = Files.getLastModifiedTime(file).toMillis();
        String again = start(Optional.empty(), AdminBootstrap.Outcome.UNCHANGED);
        assertThat(again).as("printed once only").isEmpty();
        assertThat(Files.readString(file).strip()).as("not overwritten").isEqualTo(password);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
        assertThat(adminAccepts(password)).isTrue();
    }

    @Test
    void generatedPasswordsDiffer() {
        assertThat(bootstrap.generatePassword()).isNotEqualTo(bootstrap.generatePassword());
    }

    @Test
    void firstStartWithAPasswordUsesItAndWritesNoFile() throws Exception {
        String printed = start(Optional.of("given at the command line"),
            AdminBootstrap.Outcome.CREATED_WITH_GIVEN_PASSWORD);
        assertThat(printed).doesNotContain("given at the command line");
        assertThat(dataDir.resolve(AdminBootstrap.PASSWORD_FILE)).doesNotExist();
        assertThat(adminAccepts("given at the command line")).isTrue();
    }

    @Test
    void aLaterStartWithAPasswordResetsItAndGivesTheAdminRoleBack() throws Exception {
        start(Optional.empty(), AdminBootstrap.Outcome.CREATED_WITH_GENERATED_PASSWORD);
        User admin = users.find("admin").orElseThrow();
        users.update(admin.with(admin.passwordHash(), Set.of(Role.VIEWER), admin.updatedAt()));

        start(Optional.of("the recovered password"), AdminBootstrap.Outcome.PASSWORD_SET);
        assertThat(adminAccepts("the recovered password")).isTrue();
        assertThat(users.find("admin").orElseThrow().roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.VIEWER);
    }

    @Test
    void aFileLeftFromAnEarlierDatabaseIsUsedNotReplaced() throws Exception {
        Files.writeString(dataDir.resolve(AdminBootstrap.PASSWORD_FILE), "kept from before the reset\n");
        String printed = start(Optional.empty(), AdminBootstrap.Outcome.CREATED_WITH_PASSWORD_FROM_FILE);
        assertThat(printed).doesNotContain("kept from before");
        assertThat(adminAccepts("kept from before the reset")).isTrue();
        assertThat(Files.readString(dataDir.resolve(AdminBootstrap.PASSWORD_FILE))).isEqualTo("kept from before the reset\n");
    }

    @Test
    void aWeakGivenPasswordStopsTheStart() {
        assertThatThrownBy(() -> start(Optional.of("admin"), AdminBootstrap.Outcome.UNCHANGED))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--admin-password")
            .hasMessageContaining("12");
    }
}
