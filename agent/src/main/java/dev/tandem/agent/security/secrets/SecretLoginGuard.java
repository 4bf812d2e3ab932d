package dev.tandem.agent.security.secrets;

import dev.tandem.agent.presence.sessions.LoginGuard;
import dev.tandem.agent.presence.sessions.Refusal;
import dev.tandem.agent.presence.sessions.SessionRefusedException;
import dev.tandem.agent.presence.users.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client port's login check: the secret must match the user's stored PBKDF2 hash. Unknown
 * user, no stored secret and wrong secret all get the same UNAUTHENTICATED answer (the log
 * says which). With {@code required = false} (--insecure) a user without a stored secret may
 * log in with an empty one. A secret verified once is remembered as a SHA-256 digest in memory
 * while its stored hash is unchanged, so a re-login storm after a failover does not pay PBKDF2
 * per client again.
 */
public final class SecretLoginGuard implements LoginGuard {
    private static final Logger log = LoggerFactory.getLogger(SecretLoginGuard.class);
    static final String REFUSAL = "unknown user or wrong secret";

    private final UserStore users;
    private final boolean required;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String storedHash, byte[] digest) {
    }

    public SecretLoginGuard(UserStore users, boolean required) {
        this.users = users;
        this.required = required;
    }

    @Override
    public void check(String userId, String secret) {
        Optional<String> stored = users.secretHash(userId);
        if (stored.isEmpty()) {
            if (!required && secret.isEmpty()) {
                return;
            }
            refuse(userId, "no secret is stored for this user");
        }
        String hash = stored.get();
        byte[] digest = sha256(secret);
        Verified v = verified.get(userId);
        if (v != null && v.storedHash().equals(hash) && MessageDigest.isEqual(v.digest(), digest)) {
            return;
        }
        if (!SecretHasher.verify(secret, hash)) {
            refuse(userId, "wrong secret");
        }
        verified.put(userId, new Verified(hash, digest));
    }

    private static void refuse(String userId, String why) {
        // one line a second at most, with how many were left out: a login storm or a guessing client
        // must not flood the log (the refusals still count in the login metrics)
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            long skipped = unlogged.getAndSet(0);
            log.info("client port: login refused for user '{}': {}{}", userId.length() > 32 ? userId.substring(0, 32) + "…" : userId,
                    why, skipped == 0 ? "" : " (and " + skipped + " more refusals in the last " + (now - last) / 1_000_000 + " ms)");
        } else {
            unlogged.incrementAndGet();
        }
        throw new SessionRefusedException(Refusal.UNAUTHENTICATED, REFUSAL);
    }

    private static final long LOG_EVERY_NANOS = 1_000_000_000L;
    private static final java.util.concurrent.atomic.AtomicLong lastLogged = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - LOG_EVERY_NANOS);
    private static final java.util.concurrent.atomic.AtomicLong unlogged = new java.util.concurrent.atomic.AtomicLong();

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
