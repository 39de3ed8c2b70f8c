package org.cairn.access;

import java.util.Optional;

/**
 * What a new password must be: long enough to resist guessing (length matters more than character classes, NIST
 * SP 800-63B), and not so long that hashing it becomes a way to spend the server's CPU.
 */
public record PasswordPolicy(int minLength) {
    public static final int MAX_LENGTH = 1024;

    public PasswordPolicy {
        if (minLength < 8 || minLength > MAX_LENGTH) {
            throw new IllegalArgumentException("the minimum password length must be from 8 to " + MAX_LENGTH);
        }
    }

    /** Why {@code password} is refused, or empty if it is acceptable. */
    public Optional<String> problem(String password) {
        if (password == null || password.codePointCount(0, password.length()) < minLength) {
            return Optional.of("a password needs at least " + minLength + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("a password has at most " + MAX_LENGTH + " characters");
        }
        if (password.isBlank()) {
            return Optional.of("a password cannot be only spaces");
        }
        return Optional.empty();
    }
}
