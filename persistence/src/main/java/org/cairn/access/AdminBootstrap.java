package org.cairn.access;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Makes sure the archive has an administrator, at start, before the HTTP listener opens. There is no built-in
 * password anywhere:
 * <ul>
 *   <li>no user {@code admin} and a password given ({@code --admin-password}): {@code admin} is created with it;</li>
 *   <li>no user {@code admin} and none given: a random password is generated, written to
 *       {@code <data-dir>/initial-admin-password} (readable by the owner only) and printed once to standard output;
 *       if that file is already there (the database was reset, the data directory kept) its password is used and not
 *       printed again;</li>
 *   <li>{@code admin} exists and a password is given: its password is set to it and the admin role given back, the
 *       way to recover a lost administrator password;</li>
 *   <li>{@code admin} exists and none is given: nothing changes.</li>
 * </ul>
 * Nodes sharing one database may start together: the one whose insert loses the race removes the file it wrote.
 */
public final class AdminBootstrap {
    public static final String ADMIN = "admin";
    public static final String PASSWORD_FILE = "initial-admin-password";
    /** No 0/O, 1/l/I: the password is read off a console and typed in. 24 of these 57 symbols are ~140 bits. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    static final int GENERATED_LENGTH = 24;

    /** What a start did. */
    public enum Outcome {
        /** {@code admin} was created with the password given. */
        CREATED_WITH_GIVEN_PASSWORD,
        /** {@code admin} was created with a generated password, printed and written to the file. */
        CREATED_WITH_GENERATED_PASSWORD,
        /** {@code admin} was created with the password already in the file. */
        CREATED_WITH_PASSWORD_FROM_FILE,
        /** {@code admin} existed; its password was set to the one given. */
        PASSWORD_SET,
        /** {@code admin} existed (or another node created it meanwhile); nothing changed. */
        UNCHANGED
    }

    private final UserStore users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AdminBootstrap(UserStore users, PasswordHasher hasher, PasswordPolicy policy, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Runs the rules above. {@code givenPassword} empty means none was given; a given one that the policy refuses is
     * an IllegalArgumentException, so the node does not start with a weak administrator password.
     */
    public Outcome run(Optional<String> givenPassword, Path dataDir, PrintStream out) throws SQLException, IOException {
        if (givenPassword.isPresent()) {
            policy.problem(givenPassword.get()).ifPresent(problem -> {
                throw new IllegalArgumentException("--admin-password: " + problem);
            });
        }
        Instant now = clock.instant();
        Optional<User> admin = users.find(ADMIN);
        if (admin.isPresent()) {
            if (givenPassword.isEmpty()) {
                return Outcome.UNCHANGED;
            }
            Set<Role> roles = EnumSet.of(Role.ADMIN);
            roles.addAll(admin.get().roles());
            users.update(admin.get().with(hasher.hash(givenPassword.get()), roles, now));
            out.println("Cairn: the password of user '" + ADMIN + "' was set from --admin-password");
            return Outcome.PASSWORD_SET;
        }
        if (givenPassword.isPresent()) {
            if (!users.create(new User(ADMIN, hasher.hash(givenPassword.get()), Set.of(Role.ADMIN), now, now))) {
                return Outcome.UNCHANGED;
            }
            out.println("Cairn: created user '" + ADMIN + "' with the password from --admin-password");
            return Outcome.CREATED_WITH_GIVEN_PASSWORD;
        }
        Path file = dataDir.resolve(PASSWORD_FILE);
        String password = generatePassword();
        boolean written = writeOwnerOnly(file, password);
        if (!written) {
            password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (policy.problem(password).isPresent()) {
                throw new IllegalStateException(file + " does not hold a usable password: remove it, or start with"
                    + " --admin-password");
            }
        }
        if (!users.create(new User(ADMIN, hasher.hash(password), Set.of(Role.ADMIN), now, now))) {
            if (written) {
                Files.deleteIfExists(file); // another node created admin first: its password is the one that counts
            }
            return Outcome.UNCHANGED;
        }
        if (!written) {
            out.println("Cairn: created user '" + ADMIN + "' with the password in " + file);
            return Outcome.CREATED_WITH_PASSWORD_FROM_FILE;
        }
        out.println("Cairn: created user '" + ADMIN + "' with the generated password " + password);
        out.println("Cairn: it is also in " + file + " (readable by this account only); change it with"
            + " PUT /api/users/admin, then delete the file");
        return Outcome.CREATED_WITH_GENERATED_PASSWORD;
    }

    /** A password of {@value #GENERATED_LENGTH} symbols drawn with SecureRandom. */
    String generatePassword() {
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** Creates {@code file} with {@code password}, owner read/write only; false if the file already exists. */
    private static boolean writeOwnerOnly(Path file, String password) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file); // not a POSIX file system: owner-only as far as java.io.File can say it
                var f = file.toFile();
                f.setReadable(false, false);
                f.setReadable(true, true);
                f.setWritable(false, false);
                f.setWritable(true, true);
            }
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Files.writeString(file, password + System.lineSeparator(), StandardCharsets.UTF_8);
        return true;
    }
}
