package dev.tandem.agent.security.secrets;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Per-user login secrets stored hashed: PBKDF2-HMAC-SHA256 with a random 16-byte salt, in the
 * self-describing form {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} so the
 * iteration count can be raised later without breaking stored hashes. Secrets are meant to
 * be generated ({@link #generate}: 128 random bits), which is why the default iteration count
 * favours login storms after a failover over resistance to guessing weak passwords.
 */
public final class SecretHasher {
    public static final int DEFAULT_ITERATIONS = 10_000;
    /** Longer secrets are refused before hashing (PBKDF2 cost grows with the input). */
    public static final int MAX_SECRET_CHARS = 128;
    public static final int MIN_SECRET_CHARS = 8;
    private static final String PREFIX = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    public SecretHasher() {
        this(DEFAULT_ITERATIONS);
    }

    public SecretHasher(int iterations) {
        if (iterations < 1000) {
            throw new IllegalArgumentException("at least 1000 PBKDF2 iterations, got " + iterations);
        }
        this.iterations = iterations;
    }

    /** A new random secret: 22 URL-safe characters (128 bits). */
    public static String generate() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Why {@code secret} cannot be used, or null when it can. */
    public static String problem(String secret) {
        if (secret.length() < MIN_SECRET_CHARS || secret.length() > MAX_SECRET_CHARS) {
            return "a secret has " + MIN_SECRET_CHARS + ".." + MAX_SECRET_CHARS + " characters";
        }
        return null;
    }

    public String hash(String secret) {
        String p = problem(secret);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder e = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + e.encodeToString(salt) + "$" + e.encodeToString(derive(secret, salt, iterations));
    }

    /** True when {@code secret} matches {@code stored} (constant time in the hash comparison). */
    public static boolean verify(String secret, String stored) {
        if (secret == null || stored == null || problem(secret) != null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int n = Integer.parseInt(parts[1]);
            if (n < 1000 || n > 10_000_000) {
                return false;
            }
            Base64.Decoder d = Base64.getDecoder();
            byte[] expected = d.decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(secret, d.decode(parts[2]), n));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available: " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }
}
