package org.cairn.http.auth;

/** The result of looking at a request's credentials. */
public sealed interface AuthOutcome {

    /** The credentials are good: this is who sent them. */
    record Authenticated(Principal principal) implements AuthOutcome {
    }

    /** The request carries no credentials. */
    record Missing() implements AuthOutcome {
    }

    /**
     * The credentials are refused. {@code reason} is safe to show the client: for a password it never says whether the
     * name or the password was wrong; for a token it says what was wrong with it (expired, wrong audience...).
     */
    record Refused(String reason) implements AuthOutcome {
    }

    /** The credentials could not be checked (the user database or the key set URL did not answer). */
    record Unavailable(String reason) implements AuthOutcome {
    }
}
