package org.cairn.http.auth;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request's Authorization header into an {@link AuthOutcome}. A password verified recently is answered on the
 * caller's thread; PBKDF2 and token checks (which may fetch keys) run on {@code blocking}, never on the HTTP
 * dispatcher. The stage never fails: an unexpected error is an {@link AuthOutcome.Unavailable}.
 */
final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private final PasswordAuthenticator passwords;
    private final Optional<TokenAuthenticator> tokens;
    private final Executor blocking;

    Authenticator(PasswordAuthenticator passwords, Optional<TokenAuthenticator> tokens, Executor blocking) {
        this.passwords = passwords;
        this.tokens = tokens;
        this.blocking = blocking;
    }

    boolean acceptsTokens() {
        return tokens.isPresent();
    }

    CompletionStage<AuthOutcome> authenticate(Optional<String> authorization) {
        Credentials credentials = Credentials.parse(authorization);
        if (credentials instanceof Credentials.None) {
            return CompletableFuture.completedFuture(new AuthOutcome.Missing());
        }
        if (credentials instanceof Credentials.Malformed malformed) {
            return CompletableFuture.completedFuture(new AuthOutcome.Refused(malformed.reason()));
        }
        if (credentials instanceof Credentials.Basic basic) {
            Optional<AuthOutcome> recent = passwords.recentlyVerified(basic.name(), basic.password());
            if (recent.isPresent()) {
                return CompletableFuture.completedFuture(recent.get());
            }
            return offThread(() -> passwords.verify(basic.name(), basic.password()));
        }
        Credentials.Bearer bearer = (Credentials.Bearer) credentials;
        if (tokens.isEmpty()) {
            return CompletableFuture.completedFuture(
                new AuthOutcome.Refused("bearer tokens are not accepted: no token keys are configured"));
        }
        return offThread(() -> tokens.get().verify(bearer.token()));
    }

    private CompletionStage<AuthOutcome> offThread(java.util.function.Supplier<AuthOutcome> check) {
        try {
            return CompletableFuture.supplyAsync(check, blocking).exceptionally(e -> {
                LOG.error("Checking credentials failed", e);
                return new AuthOutcome.Unavailable("the credentials could not be checked");
            });
        } catch (RuntimeException e) { // the executor refused the task (shutting down)
            return CompletableFuture.completedFuture(new AuthOutcome.Unavailable("the server is shutting down"));
        }
    }
}
