package org.cairn.http.auth;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cairn.access.PasswordHasher;
import org.cairn.access.PasswordPolicy;
import org.cairn.access.Role;
import org.cairn.access.User;
import org.cairn.access.UserStore;

/**
 * Managing users: validation, hashing, the rule that the archive keeps at least one administrator, and dropping a
 * user's cached password verification whenever their password or roles change. Blocking (PBKDF2 and JDBC).
 */
final class UserDirectory {

    /** What a change did. */
    sealed interface Result {
        record Done(User user) implements Result {
        }

        record Invalid(String reason) implements Result {
        }

        record NotFound() implements Result {
        }

        record Conflict(String reason) implements Result {
        }
    }

    private final UserStore store;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final VerifiedPasswords verified;
    private final Clock clock;
    /** Changes are serialised on this node, so two removals cannot both see another administrator left. */
    private final Object changes = new Object();

    UserDirectory(UserStore store, PasswordHasher hasher, PasswordPolicy policy, VerifiedPasswords verified, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.policy = policy;
        this.verified = verified;
        this.clock = clock;
    }

    List<User> list() throws SQLException {
        return store.list();
    }

    Optional<User> find(String name) throws SQLException {
        return User.isValidName(name) ? store.find(name) : Optional.empty();
    }

    Result create(String name, String password, Collection<String> roleNames) throws SQLException {
        if (!User.isValidName(name)) {
            return new Result.Invalid("a user name is 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        Optional<String> problem = policy.problem(password);
        if (problem.isPresent()) {
            return new Result.Invalid(problem.get());
        }
        Optional<String> rolesProblem = rolesProblem(roleNames);
        if (rolesProblem.isPresent()) {
            return new Result.Invalid(rolesProblem.get());
        }
        Instant now = clock.instant();
        User user = new User(name, hasher.hash(password), roles(roleNames), now, now);
        synchronized (changes) {
            if (!store.create(user)) {
                return new Result.Conflict("there is already a user " + name);
            }
        }
        verified.forget(name);
        return new Result.Done(user);
    }

    /** Sets the password and/or the roles of {@code name}; at least one must be given. */
    Result update(String name, Optional<String> password, Optional<? extends Collection<String>> roleNames)
        throws SQLException {
        if (password.isEmpty() && roleNames.isEmpty()) {
            return new Result.Invalid("give a password, roles, or both");
        }
        if (password.isPresent()) {
            Optional<String> problem = policy.problem(password.get());
            if (problem.isPresent()) {
                return new Result.Invalid(problem.get());
            }
        }
        Set<Role> newRoles = null;
        if (roleNames.isPresent()) {
            Optional<String> rolesProblem = rolesProblem(roleNames.get());
            if (rolesProblem.isPresent()) {
                return new Result.Invalid(rolesProblem.get());
            }
            newRoles = roles(roleNames.get());
        }
        String newHash = password.map(hasher::hash).orElse(null);
        User changed;
        synchronized (changes) {
            Optional<User> user = find(name);
            if (user.isEmpty()) {
                return new Result.NotFound();
            }
            User old = user.get();
            Set<Role> roles = newRoles == null ? old.roles() : newRoles;
            if (old.has(Role.ADMIN) && !roles.contains(Role.ADMIN) && lastAdmin()) {
                return new Result.Conflict(name + " is the only administrator: give another user the admin role first");
            }
            changed = old.with(newHash == null ? old.passwordHash() : newHash, roles, clock.instant());
            if (!store.update(changed)) {
                return new Result.NotFound();
            }
        }
        verified.forget(name);
        return new Result.Done(changed);
    }

    Result delete(String name) throws SQLException {
        synchronized (changes) {
            Optional<User> user = find(name);
            if (user.isEmpty()) {
                return new Result.NotFound();
            }
            if (user.get().has(Role.ADMIN) && lastAdmin()) {
                return new Result.Conflict(name + " is the only administrator and cannot be deleted");
            }
            if (!store.delete(name)) {
                return new Result.NotFound();
            }
            verified.forget(name);
            return new Result.Done(user.get());
        }
    }

    private boolean lastAdmin() throws SQLException {
        return store.list().stream().filter(u -> u.has(Role.ADMIN)).count() <= 1;
    }

    /** Why {@code names} are not a valid set of roles, if they are not. */
    private static Optional<String> rolesProblem(Collection<String> names) {
        if (names.isEmpty()) {
            return Optional.of("give the user at least one role");
        }
        for (String name : names) {
            if (name == null || Role.of(name).isEmpty()) {
                return Optional.of("unknown role " + name + " (admin, radiologist, technician, viewer, integration)");
            }
        }
        return Optional.empty();
    }

    private static Set<Role> roles(Collection<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        names.forEach(name -> roles.add(Role.of(name).orElseThrow()));
        return roles;
    }
}
